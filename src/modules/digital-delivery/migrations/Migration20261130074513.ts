import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Byte metering (issue 12): a grant's usage is copies sent (`downloads_used`),
 * with the copies reserved by requests in flight (`reserved`) and the bytes
 * sent. Old counts were whole downloads: they become whole copies. The resume
 * window (`last_counted_at`, the `resume_window_minutes` setting) goes away.
 */
export class Migration20261130074513 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "download_grant" add column if not exists "downloads_used" numeric not null default 0, add column if not exists "reserved" numeric not null default 0, add column if not exists "bytes_sent" numeric not null default 0, add column if not exists "raw_downloads_used" jsonb not null default '{"value":"0","precision":20}', add column if not exists "raw_reserved" jsonb not null default '{"value":"0","precision":20}', add column if not exists "raw_bytes_sent" jsonb not null default '{"value":"0","precision":20}';`);

    this.addSql(`update "download_grant" set "downloads_used" = "download_count", "raw_downloads_used" = jsonb_build_object('value', "download_count"::text, 'precision', 20) where "download_count" > 0;`);

    this.addSql(`alter table if exists "download_grant" drop column if exists "download_count", drop column if exists "last_counted_at";`);

    this.addSql(`alter table if exists "delivery_settings" drop column if exists "resume_window_minutes";`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "delivery_settings" add column if not exists "resume_window_minutes" integer not null default 360;`);

    this.addSql(`alter table if exists "download_grant" add column if not exists "download_count" integer not null default 0, add column if not exists "last_counted_at" timestamptz null;`);

    this.addSql(`update "download_grant" set "download_count" = ceil("downloads_used")::integer;`);

    this.addSql(`alter table if exists "download_grant" drop column if exists "downloads_used", drop column if exists "reserved", drop column if exists "bytes_sent", drop column if exists "raw_downloads_used", drop column if exists "raw_reserved", drop column if exists "raw_bytes_sent";`);
  }

}
