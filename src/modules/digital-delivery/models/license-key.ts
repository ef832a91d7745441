import { model } from "@medusajs/framework/utils"

/**
 * A key issued to one unit of an order line (quantity 3 = units 0, 1, 2).
 * The key itself is kept only encrypted (AES-256-GCM) and as a keyed hash for
 * lookups. `pending`: the pool was empty at delivery; the reconciliation
 * issues it when keys arrive. A replaced key is revoked and the new one takes
 * the next `generation` of the same unit.
 */
export const LicenseKey = model
  .define("license_key", {
    id: model.id({ prefix: "lkey" }).primaryKey(),
    order_id: model.text(),
    line_item_id: model.text(),
    unit_index: model.number(),
    generation: model.number().default(1),
    variant_id: model.text(),
    grant_id: model.text().nullable(),
    email: model.text().nullable(),
    source: model.enum(["generated", "pool"]),
    state: model.enum(["active", "revoked", "pending"]).default("active"),
    // null while pending
    ciphertext: model.text().nullable(),
    lookup_hash: model.text().nullable(),
    // The last characters, shown masked to the merchant ("••••-••••-••••-7K2Q").
    hint: model.text().nullable(),
    issued_at: model.dateTime().nullable(),
    revoked_at: model.dateTime().nullable(),
    // Issued late (a pending key filled by the reconciliation): the buyer is owed an email with it.
    late: model.boolean().default(false),
    late_email_sent_at: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["line_item_id", "unit_index", "generation"], unique: true, where: "deleted_at IS NULL" },
    { on: ["lookup_hash"], unique: true, where: "lookup_hash IS NOT NULL AND deleted_at IS NULL" },
    { on: ["order_id"], where: "deleted_at IS NULL" },
    { name: "IDX_license_key_pending", on: ["variant_id", "created_at"], where: "state = 'pending' AND deleted_at IS NULL" },
  ])
