import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Admin search by part of an email (issue 13): trigram GIN indexes, so
 * `email ILIKE '%fragment%'` on digital_order and download_grant is an index
 * scan instead of a scan of the table (see utils/admin-list).
 *
 * pg_trgm ships with PostgreSQL's contrib and is a trusted extension since
 * PostgreSQL 13 (a database owner may install it), but a store's database may
 * lack it or its user may not be allowed to: then this migration only says so
 * (NOTICE) and creates no index, and the search still works, by scanning.
 * Installing pg_trgm later and running the statements below by hand adds the
 * indexes. Not declared on the models: the model DSL has no operator classes,
 * and the indexes exist only where the extension does.
 */
export class Migration20261130123000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION
  WHEN insufficient_privilege OR undefined_file OR feature_not_supported THEN
    RAISE NOTICE 'digital-delivery: pg_trgm not installed (%): admin search by part of an email will scan instead of using an index', SQLERRM;
END
$$;`);

    // The extension may live in another schema than ours (e.g. "extensions"):
    // its operator class is named with that schema. A schema this user may not
    // use (or an operator class missing from it) is reported, not fatal.
    this.addSql(`DO $$
DECLARE
  trgm_schema text;
BEGIN
  SELECT n.nspname INTO trgm_schema
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
   WHERE e.extname = 'pg_trgm';
  IF trgm_schema IS NOT NULL THEN
    EXECUTE format('CREATE INDEX IF NOT EXISTS "IDX_digital_order_email_trgm" ON "digital_order" USING gin ("email" %I.gin_trgm_ops) WHERE deleted_at IS NULL', trgm_schema);
    EXECUTE format('CREATE INDEX IF NOT EXISTS "IDX_download_grant_email_trgm" ON "download_grant" USING gin ("email" %I.gin_trgm_ops) WHERE deleted_at IS NULL', trgm_schema);
  END IF;
EXCEPTION
  WHEN insufficient_privilege OR undefined_object THEN
    RAISE NOTICE 'digital-delivery: no trigram index on email (%): admin search by part of an email will scan instead of using an index', SQLERRM;
END
$$;`);
  }

  override async down(): Promise<void> {
    // The extension stays: other code of the database may use it.
    this.addSql(`drop index if exists "IDX_digital_order_email_trgm";`);
    this.addSql(`drop index if exists "IDX_download_grant_email_trgm";`);
  }

}
