import { model } from "@medusajs/framework/utils"

/**
 * The emails that tell an asset's past buyers about one of its releases: one
 * per buyer address per release (unique per asset and version), sent by the
 * campaign job in throttled batches. `include_expired` is the store setting
 * when the campaign was started.
 */
export const UpdateCampaign = model
  .define("update_campaign", {
    id: model.id({ prefix: "dcamp" }).primaryKey(),
    asset_id: model.text(),
    version: model.number(),
    // sending | paused | cancelled | completed
    status: model.text().default("sending"),
    include_expired: model.boolean().default(false),
    // Who started it: "release" (publishing with notify) or the admin user's id.
    started_by: model.text().nullable(),
    completed_at: model.dateTime().nullable(),
  })
  .indexes([{ on: ["asset_id", "version"], unique: true, where: null }])
