import { model } from "@medusajs/framework/utils"

/**
 * An address that asked for no more update emails (one-click or the hosted
 * page). Delivery emails are transactional and still go to it.
 */
export const EmailUnsubscribe = model
  .define("email_unsubscribe", {
    id: model.id({ prefix: "dunsub" }).primaryKey(),
    // Lower-case.
    email: model.text(),
    // one_click (RFC 8058 POST) | page (the confirm button)
    source: model.text(),
    // The campaign email whose link was used.
    recipient_id: model.text().nullable(),
  })
  .indexes([{ on: ["email"], unique: true, where: null }])
