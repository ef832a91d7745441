import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Stamped PDFs (issue 18): the asset's option and template, the store's
 * setting for PDFs that cannot be stamped, and one stamped copy per grant
 * and release.
 */
export class Migration20261201070000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "digital_asset" add column if not exists "stamp_pdf" boolean not null default false, add column if not exists "stamp_template" text null;`);
    this.addSql(`alter table if exists "delivery_settings" add column if not exists "unstampable_pdf" text check ("unstampable_pdf" in ('serve_unstamped', 'refuse')) not null default 'serve_unstamped';`);
    this.addSql(`create table if not exists "stamped_copy" ("id" text not null, "grant_id" text not null, "asset_id" text not null, "version" integer not null, "status" text check ("status" in ('ready', 'failed')) not null default 'ready', "file_id" text null, "size" numeric null, "sha256" text null, "pages" integer null, "failure" text null, "raw_size" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "stamped_copy_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_stamped_copy_deleted_at" ON "stamped_copy" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_stamped_copy_grant_id_version_unique" ON "stamped_copy" ("grant_id", "version") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_stamped_copy_asset_id_version" ON "stamped_copy" ("asset_id", "version") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "stamped_copy" cascade;`);
    this.addSql(`alter table if exists "delivery_settings" drop column if exists "unstampable_pdf";`);
    this.addSql(`alter table if exists "digital_asset" drop column if exists "stamp_pdf", drop column if exists "stamp_template";`);
  }

}
