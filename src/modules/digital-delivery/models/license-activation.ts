import { model } from "@medusajs/framework/utils"

/** One installation (`instance`, the merchant's software names it) that activated a key. */
export const LicenseActivation = model
  .define("license_activation", {
    id: model.id({ prefix: "lact" }).primaryKey(),
    license_key_id: model.text(),
    instance: model.text(),
  })
  .indexes([{ on: ["license_key_id", "instance"], unique: true, where: "deleted_at IS NULL" }])
