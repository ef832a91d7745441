import { model } from "@medusajs/framework/utils"

/**
 * How a product variant's buyers get license keys: none, generated from a
 * pattern, or taken from a pool the merchant uploaded. One row per variant
 * (no row = off). The alert columns make each pool alert go out once:
 * cleared when the merchant uploads keys again.
 */
export const LicenseKeyConfig = model
  .define("license_key_config", {
    id: model.id({ prefix: "lkcfg" }).primaryKey(),
    variant_id: model.text(),
    source: model.enum(["off", "generated", "pool"]).default("off"),
    // X = one random character; anything else is kept as written. The last X is the check character.
    pattern: model.text().default("XXXX-XXXX-XXXX-XXXX"),
    activation_limit: model.number().default(3),
    // Alert the merchant when a delivery leaves fewer unused pool keys than this.
    low_pool_threshold: model.number().default(5),
    pool_empty_alerted_at: model.dateTime().nullable(),
    pool_low_alerted_at: model.dateTime().nullable(),
  })
  .indexes([{ on: ["variant_id"], unique: true, where: "deleted_at IS NULL" }])
