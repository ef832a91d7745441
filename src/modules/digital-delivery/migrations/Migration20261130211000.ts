import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Update emails to past buyers (issue 17): a campaign per release, its
 * recipients (one row per address, claimed and sent by the campaign job), the
 * addresses that unsubscribed, and the store's two campaign settings.
 */
export class Migration20261130211000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "update_campaign" ("id" text not null, "asset_id" text not null, "version" integer not null, "status" text not null default 'sending', "include_expired" boolean not null default false, "started_by" text null, "completed_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "update_campaign_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_update_campaign_deleted_at" ON "update_campaign" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_update_campaign_asset_id_version_unique" ON "update_campaign" ("asset_id", "version");`);
    this.addSql(`create table if not exists "update_campaign_recipient" ("id" text not null, "campaign_id" text not null, "email" text not null, "order_id" text null, "customer_id" text null, "status" text not null default 'queued', "attempts" integer not null default 0, "next_attempt_at" timestamptz null, "claimed_at" timestamptz null, "lease_until" timestamptz null, "sent_at" timestamptz null, "notification_id" text null, "last_error" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "update_campaign_recipient_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_update_campaign_recipient_deleted_at" ON "update_campaign_recipient" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_update_campaign_recipient_campaign_id_email_unique" ON "update_campaign_recipient" ("campaign_id", "email");`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_update_campaign_recipient_campaign_id_status" ON "update_campaign_recipient" ("campaign_id", "status") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_update_campaign_recipient_pending" ON "update_campaign_recipient" ("next_attempt_at") WHERE status IN ('queued', 'sending') AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_update_campaign_recipient_claimed_at" ON "update_campaign_recipient" ("claimed_at") WHERE deleted_at IS NULL;`);
    this.addSql(`create table if not exists "email_unsubscribe" ("id" text not null, "email" text not null, "source" text not null, "recipient_id" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "email_unsubscribe_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_email_unsubscribe_deleted_at" ON "email_unsubscribe" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_email_unsubscribe_email_unique" ON "email_unsubscribe" ("email");`);
    this.addSql(`alter table if exists "delivery_settings" add column if not exists "update_include_expired" boolean not null default false, add column if not exists "update_emails_per_minute" integer null default 120;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "update_campaign" cascade;`);
    this.addSql(`drop table if exists "update_campaign_recipient" cascade;`);
    this.addSql(`drop table if exists "email_unsubscribe" cascade;`);
    this.addSql(`alter table if exists "delivery_settings" drop column if exists "update_include_expired", drop column if exists "update_emails_per_minute";`);
  }

}
