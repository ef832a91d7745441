import { model } from "@medusajs/framework/utils"

/**
 * A key the merchant uploaded for a variant, used once: `used_at` and
 * `license_key_id` are set in the same statement that claims it. The lookup
 * hash is unique across all pools (a key names one license in the activation API).
 */
export const LicensePoolKey = model
  .define("license_pool_key", {
    id: model.id({ prefix: "lpool" }).primaryKey(),
    variant_id: model.text(),
    ciphertext: model.text(),
    lookup_hash: model.text(),
    hint: model.text(),
    used_at: model.dateTime().nullable(),
    license_key_id: model.text().nullable(),
  })
  .indexes([
    { on: ["lookup_hash"], unique: true, where: "deleted_at IS NULL" },
    { name: "IDX_license_pool_key_unused", on: ["variant_id", "created_at"], where: "used_at IS NULL AND deleted_at IS NULL" },
  ])
