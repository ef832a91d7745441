import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261121061102 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "download_grant" drop constraint if exists "download_grant_line_item_id_asset_id_unique";`);
    this.addSql(`alter table if exists "digital_asset_version" drop constraint if exists "digital_asset_version_asset_id_version_unique";`);
    this.addSql(`create table if not exists "delivery_settings" ("id" text not null, "default_max_downloads" integer null, "default_validity_days" integer null, "delivery_trigger" text check ("delivery_trigger" in ('captured', 'authorized', 'manual')) not null default 'captured', "revoke_on_refund" boolean not null default true, "registered_links" text check ("registered_links" in ('login', 'direct')) not null default 'login', "resume_window_minutes" integer not null default 360, "alert_email" text null, "storefront_url" text null, "templates" jsonb null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "delivery_settings_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_delivery_settings_deleted_at" ON "delivery_settings" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "digital_asset" ("id" text not null, "title" text not null, "kind" text check ("kind" in ('file', 'external_link')) not null default 'file', "file_id" text null, "external_url" text null, "filename" text not null, "mime_type" text not null default 'application/octet-stream', "size" numeric null, "sha256" text null, "version" integer not null default 1, "file_updated_at" timestamptz null, "compression" text check ("compression" in ('none', 'zip')) not null default 'none', "max_downloads" integer null, "validity_days" integer null, "metadata" jsonb null, "raw_size" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "digital_asset_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_digital_asset_deleted_at" ON "digital_asset" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "digital_asset_version" ("id" text not null, "version" integer not null, "file_id" text not null, "filename" text not null, "mime_type" text not null, "size" numeric not null, "sha256" text null, "asset_id" text not null, "raw_size" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "digital_asset_version_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_digital_asset_version_asset_id" ON "digital_asset_version" ("asset_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_digital_asset_version_deleted_at" ON "digital_asset_version" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_digital_asset_version_asset_id_version_unique" ON "digital_asset_version" ("asset_id", "version") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "download_event" ("id" text not null, "grant_id" text null, "outcome" text not null, "counted" boolean not null default false, "bytes_sent" numeric null, "range" text null, "status" integer null, "ip" text null, "user_agent" text null, "raw_bytes_sent" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "download_event_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_download_event_deleted_at" ON "download_event" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_download_event_grant_id_created_at" ON "download_event" ("grant_id", "created_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "download_grant" ("id" text not null, "order_id" text not null, "line_item_id" text not null, "asset_id" text not null, "customer_id" text null, "email" text null, "enabled" boolean not null default true, "revoked_at" timestamptz null, "expires_at" timestamptz null, "max_downloads" integer null, "download_count" integer not null default 0, "token_version" integer not null default 1, "delivered_at" timestamptz null, "first_download_at" timestamptz null, "last_download_at" timestamptz null, "last_counted_at" timestamptz null, "last_alert_at" timestamptz null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "download_grant_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_download_grant_deleted_at" ON "download_grant" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_download_grant_line_item_id_asset_id_unique" ON "download_grant" ("line_item_id", "asset_id");`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_download_grant_order_id" ON "download_grant" ("order_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_download_grant_customer_id" ON "download_grant" ("customer_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_download_grant_email" ON "download_grant" ("email") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_download_grant_asset_id" ON "download_grant" ("asset_id") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "digital_asset_version" add constraint "digital_asset_version_asset_id_foreign" foreign key ("asset_id") references "digital_asset" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "digital_asset_version" drop constraint if exists "digital_asset_version_asset_id_foreign";`);

    this.addSql(`drop table if exists "delivery_settings" cascade;`);

    this.addSql(`drop table if exists "digital_asset" cascade;`);

    this.addSql(`drop table if exists "digital_asset_version" cascade;`);

    this.addSql(`drop table if exists "download_event" cascade;`);

    this.addSql(`drop table if exists "download_grant" cascade;`);
  }

}
