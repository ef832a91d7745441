import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * An asset's file versions become its releases (issue 17): a free-text label
 * ("2.1.0", "Second edition"), release notes, and the downloads a release adds
 * to every current buyer's grant. Per asset, the merchant may keep earlier
 * releases downloadable.
 */
export class Migration20261130210000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "digital_asset_version" add column if not exists "version_label" text null, add column if not exists "release_notes" text null, add column if not exists "extra_downloads" integer not null default 0;`);
    this.addSql(`alter table if exists "digital_asset" add column if not exists "keep_earlier_releases" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "digital_asset_version" drop column if exists "version_label", drop column if exists "release_notes", drop column if exists "extra_downloads";`);
    this.addSql(`alter table if exists "digital_asset" drop column if exists "keep_earlier_releases";`);
  }

}
