import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * A grant's story besides its downloads (issue 15): the merchant's actions
 * with who took them, and the plugin's own (issued, revoked on refund, emails).
 */
export class Migration20261130181000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "grant_activity" ("id" text not null, "grant_id" text not null, "order_id" text null, "action" text not null, "actor_type" text not null, "actor_id" text null, "actor_email" text null, "change" jsonb null, "details" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "grant_activity_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_grant_activity_deleted_at" ON "grant_activity" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_grant_activity_grant_id_created_at" ON "grant_activity" ("grant_id", "created_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "grant_activity" cascade;`);
  }

}
