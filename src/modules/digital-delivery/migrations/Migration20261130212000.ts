import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Previews (issue 17): public samples of a product or of one of its assets,
 * each its own stored file. A preview belongs to exactly one of the two (the
 * check constraint; the model cannot say it, so the snapshot does not carry it).
 */
export class Migration20261130212000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "digital_preview" ("id" text not null, "product_id" text null, "asset_id" text null, "title" text not null, "filename" text not null, "mime_type" text not null default 'application/octet-stream', "size" numeric not null, "sha256" text not null, "file_id" text not null, "position" integer not null default 0, "source" text check ("source" in ('uploaded', 'generated')) not null default 'uploaded', "raw_size" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "digital_preview_pkey" primary key ("id"), constraint "digital_preview_owner_check" check (("product_id" is null) <> ("asset_id" is null)));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_digital_preview_deleted_at" ON "digital_preview" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_digital_preview_product_id" ON "digital_preview" ("product_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_digital_preview_asset_id" ON "digital_preview" ("asset_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "digital_preview" cascade;`);
  }

}
