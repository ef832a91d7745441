import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * The store on the buyer's hosted pages (issue 15): a name that overrides the
 * Store module's, a logo (https), an accent colour (#rrggbb) and a support
 * contact (an email address or an https URL) the refusal pages offer.
 */
export class Migration20261130180000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "delivery_settings" add column if not exists "store_name" text null, add column if not exists "logo_url" text null, add column if not exists "accent_color" text null, add column if not exists "support_contact" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "delivery_settings" drop column if exists "store_name", drop column if exists "logo_url", drop column if exists "accent_color", drop column if exists "support_contact";`);
  }

}
