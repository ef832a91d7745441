import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Admin lists at scale (issue 13): keyset pages newest first on
 * (created_at, id) and (placed_at, order_id), and small partial indexes for the
 * rare states a merchant filters on (revoked, disabled, suspicious grants;
 * orders awaiting payment). See utils/admin-list.
 */
export class Migration20261130110801 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index if exists "IDX_digital_order_placed_at";`);

    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_digital_order_placed_at_order_id" ON "digital_order" ("placed_at", "order_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_digital_order_awaiting_payment_placed_at" ON "digital_order" ("placed_at", "order_id") WHERE delivered_at IS NULL AND canceled_at IS NULL AND deleted_at IS NULL;`);

    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_download_grant_created_at_id" ON "download_grant" ("created_at", "id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_download_grant_revoked_created_at" ON "download_grant" ("created_at", "id") WHERE revoked_at IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_download_grant_disabled_created_at" ON "download_grant" ("created_at", "id") WHERE NOT enabled AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_download_grant_suspicious_order_id" ON "download_grant" ("order_id") WHERE (ip_changes >= 4 OR suspicious_at IS NOT NULL) AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_digital_order_placed_at_order_id";`);
    this.addSql(`drop index if exists "IDX_digital_order_awaiting_payment_placed_at";`);

    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_digital_order_placed_at" ON "digital_order" ("placed_at") WHERE deleted_at IS NULL;`);

    this.addSql(`drop index if exists "IDX_download_grant_created_at_id";`);
    this.addSql(`drop index if exists "IDX_download_grant_revoked_created_at";`);
    this.addSql(`drop index if exists "IDX_download_grant_disabled_created_at";`);
    this.addSql(`drop index if exists "IDX_download_grant_suspicious_order_id";`);
  }

}
