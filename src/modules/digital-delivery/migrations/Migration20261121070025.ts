import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261121070025 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "download_grant" add column if not exists "last_ip" text null, add column if not exists "ip_changes" integer not null default 0, add column if not exists "suspicious_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "download_grant" drop column if exists "last_ip", drop column if exists "ip_changes", drop column if exists "suspicious_at";`);
  }

}
