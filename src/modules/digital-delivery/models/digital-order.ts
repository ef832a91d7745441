import { model } from "@medusajs/framework/utils"

/**
 * An order that holds digital goods, recorded the first time the plugin sees it
 * (placed, paid or not): the merchant's "Digital deliveries" list, including
 * orders still awaiting payment. Grants stay the source of truth for access.
 */
export const DigitalOrder = model
  .define("digital_order", {
    id: model.id({ prefix: "dord" }).primaryKey(),
    order_id: model.text(),
    display_id: model.number().nullable(),
    email: model.text().searchable().nullable(),
    customer_id: model.text().nullable(),
    payment_status: model.text().nullable(),
    // Set when the order's grants were first issued; null = awaiting payment (or the merchant).
    delivered_at: model.dateTime().nullable(),
    canceled_at: model.dateTime().nullable(),
    // When the order was placed (the list is sorted by it, newest first).
    placed_at: model.dateTime(),
    // Part of the order page's signed link: bumping it ("regenerate the order's
    // links") kills the order page and ZIP links already sent.
    link_version: model.number().default(1),
  })
  .indexes([
    { on: ["order_id"], unique: true, where: null },
    // The "Digital deliveries" list, newest first (keyset on placed_at, order_id).
    { on: ["placed_at", "order_id"] },
    { name: "IDX_digital_order_awaiting_payment_placed_at", on: ["placed_at", "order_id"], where: "delivered_at IS NULL AND canceled_at IS NULL" },
    { on: ["display_id"] },
    { on: ["email"] },
  ])
