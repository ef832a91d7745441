import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261130055347 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "digital_order" add column if not exists "link_version" integer not null default 1;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "digital_order" drop column if exists "link_version";`);
  }

}
