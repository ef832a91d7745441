import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * The `compression` column of digital_asset was never read nor written by
 * anything but its default (issue 14): it goes away, with its check constraint.
 */
export class Migration20261130144000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "digital_asset" drop column if exists "compression";`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "digital_asset" add column if not exists "compression" text check ("compression" in ('none', 'zip')) not null default 'none';`);
  }

}
