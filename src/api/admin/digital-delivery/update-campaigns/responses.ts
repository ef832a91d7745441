import { z } from "@medusajs/framework/zod"
import { isoDate, nullableDate } from "../../responses"

/** What the update-campaign routes answer (withCounts): a campaign with its recipients counted by status. */

export const RECIPIENT_STATUSES = ["queued", "sending", "sent", "failed", "unsubscribed", "skipped"] as const

export const AdminUpdateCampaign = z.object({
  id: z.string(),
  asset_id: z.string(),
  asset_title: z.string().nullable().describe("the file's title (kept after the file is deleted); null if its row is gone"),
  version: z.number().int().describe("the release it announces"),
  status: z.enum(["sending", "paused", "cancelled", "completed"]),
  include_expired: z.boolean().describe("buyers whose links expired are included (the store setting when it started)"),
  started_by: z.string().nullable().describe('"release" (publishing with notify) or the admin user\'s id'),
  created_at: isoDate,
  completed_at: nullableDate,
  counts: z.object({
    recipients: z.number().int(),
    queued: z.number().int(),
    sending: z.number().int().describe("claimed by a job run, being sent"),
    sent: z.number().int(),
    failed: z.number().int().describe("after the last retry: \"Retry failed\" sends them again"),
    unsubscribed: z.number().int(),
    skipped: z.number().int().describe("no live grant any more when its turn came"),
  }),
})

export const AdminUpdateCampaignResponse = z.object({ update_campaign: AdminUpdateCampaign })

export const AdminUpdateCampaignStarted = z.object({
  update_campaign: AdminUpdateCampaign,
  recorded: z.number().int().describe("recipients recorded by this call (0 when every buyer already had a row)"),
})

export const AdminUpdateCampaignList = z.object({
  update_campaigns: z.array(AdminUpdateCampaign).describe("newest first"),
  count: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
})

export const AdminCampaignRecipient = z.object({
  id: z.string(),
  email: z.string(),
  status: z.enum(RECIPIENT_STATUSES),
  attempts: z.number().int(),
  next_attempt_at: nullableDate.describe("a failed send is retried then"),
  sent_at: nullableDate,
  last_error: z.string().nullable().describe("the provider's last refusal"),
  order_id: z.string().nullable().describe("the buyer's newest order of the asset (their name, language and order page)"),
  created_at: isoDate,
})

export const AdminCampaignRecipientList = z.object({
  recipients: z.array(AdminCampaignRecipient).describe("oldest first"),
  count: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
})

export const AdminUpdateAudience = z.object({
  recipients: z.number().int().describe("the emails a campaign of the asset would send now: one per address, unsubscribed left out"),
  include_expired: z.boolean(),
})
