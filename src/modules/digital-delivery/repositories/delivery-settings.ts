import type { Context } from "@medusajs/framework/types"
import { runSql } from "../utils/sql"

/** The store's one settings row: a fixed id, so two first reads at once cannot create two rows. */
export const SETTINGS_ID = "ddset_store"

export class DeliverySettingsSqlRepository {
  /** Creates the settings row with these defaults unless it exists. */
  async createOnce(defaults: { default_max_downloads: number | null; default_validity_days: number | null }, sharedContext: Context) {
    await runSql(
      sharedContext,
      `INSERT INTO delivery_settings (id, default_max_downloads, default_validity_days)
       VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      [SETTINGS_ID, defaults.default_max_downloads, defaults.default_validity_days]
    )
  }
}
