import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261121062958 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "digital_order" drop constraint if exists "digital_order_order_id_unique";`);
    this.addSql(`create table if not exists "digital_order" ("id" text not null, "order_id" text not null, "display_id" integer null, "email" text null, "customer_id" text null, "payment_status" text null, "delivered_at" timestamptz null, "canceled_at" timestamptz null, "placed_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "digital_order_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_digital_order_deleted_at" ON "digital_order" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_digital_order_order_id_unique" ON "digital_order" ("order_id");`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_digital_order_placed_at" ON "digital_order" ("placed_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_digital_order_display_id" ON "digital_order" ("display_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_digital_order_email" ON "digital_order" ("email") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "digital_order" cascade;`);
  }

}
