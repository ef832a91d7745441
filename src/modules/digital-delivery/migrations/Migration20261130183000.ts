import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Files in natural order (issue 15): "2 - Noon.wav" before "10 - Dusk.wav",
 * as `Intl.Collator(undefined, { numeric: true })` orders them. The lists
 * that show an order's files sort by this collation in SQL (repositories/
 * paged-lists.ts, FILE_ORDER_SQL), so paged lists keep their order.
 *
 * ICU's root locale with numeric ordering (`und-u-kn-true`) is the collation
 * Node's Intl.Collator uses. A PostgreSQL built without ICU gets the same name
 * as a copy of "C" (plain byte order): the lists still work, only "10" sorts
 * before "2" there.
 */
export class Migration20261130183000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'digital_delivery_natural' AND collnamespace = current_schema()::regnamespace) THEN
    BEGIN
      CREATE COLLATION digital_delivery_natural (provider = icu, locale = 'und-u-kn-true');
    EXCEPTION
      WHEN feature_not_supported OR invalid_parameter_value OR undefined_object THEN
        RAISE NOTICE 'digital-delivery: no ICU collation (%): files are listed in byte order', SQLERRM;
        CREATE COLLATION digital_delivery_natural FROM "C";
    END;
  END IF;
END
$$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop collation if exists digital_delivery_natural;`);
  }

}
