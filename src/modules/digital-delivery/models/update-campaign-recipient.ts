import { model } from "@medusajs/framework/utils"

/**
 * One address of a campaign: recorded when the campaign starts (unique per
 * campaign), then claimed and sent by the campaign job. A claim is a lease
 * (`lease_until`): a row claimed by an instance that died is claimed again
 * once it expires, and `attempts` fences the late writes of the old claim.
 */
export const UpdateCampaignRecipient = model
  .define("update_campaign_recipient", {
    id: model.id({ prefix: "dcrcp" }).primaryKey(),
    campaign_id: model.text(),
    // Lower-case; one row per address and campaign.
    email: model.text(),
    // The buyer's newest order of the asset: their name, language and order page.
    order_id: model.text().nullable(),
    customer_id: model.text().nullable(),
    // queued | sending (claimed) | sent | failed | unsubscribed | skipped (no live grant any more)
    status: model.text().default("queued"),
    attempts: model.number().default(0),
    next_attempt_at: model.dateTime().nullable(),
    claimed_at: model.dateTime().nullable(),
    lease_until: model.dateTime().nullable(),
    sent_at: model.dateTime().nullable(),
    notification_id: model.text().nullable(),
    last_error: model.text().nullable(),
  })
  .indexes([
    { on: ["campaign_id", "email"], unique: true, where: null },
    { on: ["campaign_id", "status"] },
    // The job's claim: rows waiting or whose lease may have run out.
    { name: "IDX_update_campaign_recipient_pending", on: ["next_attempt_at"], where: "status IN ('queued', 'sending')" },
    // The throttle: rows claimed in the last minute.
    { on: ["claimed_at"] },
  ])
