import { model } from "@medusajs/framework/utils"

/** One download attempt, allowed or denied. Written on the hot path with plain SQL. */
export const DownloadEvent = model
  .define("download_event", {
    id: model.id({ prefix: "dlevt" }).primaryKey(),
    // null when the link was not a valid link of any grant
    grant_id: model.text().nullable(),
    outcome: model.text(),
    counted: model.boolean().default(false),
    bytes_sent: model.bigNumber().nullable(),
    range: model.text().nullable(),
    status: model.number().nullable(),
    ip: model.text().nullable(),
    user_agent: model.text().nullable(),
  })
  .indexes([{ on: ["grant_id", "created_at"] }])
