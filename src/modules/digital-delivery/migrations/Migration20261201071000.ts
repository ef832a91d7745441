import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * License keys (issue 18): a variant's key source, the keys issued per unit
 * bought (encrypted, looked up by a keyed hash), the merchant's key pools and
 * the activations of the merchant's software.
 */
export class Migration20261201071000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "license_key_config" ("id" text not null, "variant_id" text not null, "source" text check ("source" in ('off', 'generated', 'pool')) not null default 'off', "pattern" text not null default 'XXXX-XXXX-XXXX-XXXX', "activation_limit" integer not null default 3, "low_pool_threshold" integer not null default 5, "pool_empty_alerted_at" timestamptz null, "pool_low_alerted_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "license_key_config_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_license_key_config_deleted_at" ON "license_key_config" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_license_key_config_variant_id_unique" ON "license_key_config" ("variant_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "license_key" ("id" text not null, "order_id" text not null, "line_item_id" text not null, "unit_index" integer not null, "generation" integer not null default 1, "variant_id" text not null, "grant_id" text null, "email" text null, "source" text check ("source" in ('generated', 'pool')) not null, "state" text check ("state" in ('active', 'revoked', 'pending')) not null default 'active', "ciphertext" text null, "lookup_hash" text null, "hint" text null, "issued_at" timestamptz null, "revoked_at" timestamptz null, "late" boolean not null default false, "late_email_sent_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "license_key_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_license_key_deleted_at" ON "license_key" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_license_key_line_item_id_unit_index_generation_unique" ON "license_key" ("line_item_id", "unit_index", "generation") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_license_key_lookup_hash_unique" ON "license_key" ("lookup_hash") WHERE lookup_hash IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_license_key_order_id" ON "license_key" ("order_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_license_key_pending" ON "license_key" ("variant_id", "created_at") WHERE state = 'pending' AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "license_pool_key" ("id" text not null, "variant_id" text not null, "ciphertext" text not null, "lookup_hash" text not null, "hint" text not null, "used_at" timestamptz null, "license_key_id" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "license_pool_key_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_license_pool_key_deleted_at" ON "license_pool_key" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_license_pool_key_lookup_hash_unique" ON "license_pool_key" ("lookup_hash") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_license_pool_key_unused" ON "license_pool_key" ("variant_id", "created_at") WHERE used_at IS NULL AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "license_activation" ("id" text not null, "license_key_id" text not null, "instance" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "license_activation_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_license_activation_deleted_at" ON "license_activation" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_license_activation_license_key_id_instance_unique" ON "license_activation" ("license_key_id", "instance") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "license_activation" cascade;`);
    this.addSql(`drop table if exists "license_pool_key" cascade;`);
    this.addSql(`drop table if exists "license_key" cascade;`);
    this.addSql(`drop table if exists "license_key_config" cascade;`);
  }

}
