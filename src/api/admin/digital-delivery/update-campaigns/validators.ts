import { z } from "@medusajs/framework/zod"

/** POST /admin/digital-assets/:id/update-campaigns: which release to announce (default: the current one). */
export const AdminStartUpdateCampaign = z
  .object({ version: z.number().int("version must be a whole number").positive("version must be positive").optional() })
  .strict()
export type AdminStartUpdateCampaignType = z.infer<typeof AdminStartUpdateCampaign>

const bool = z.enum(["true", "false"]).transform((v) => v === "true")

/** GET /admin/digital-assets/:id/update-audience: `include_expired` overrides the store setting. */
export const AdminGetUpdateAudienceParams = z.object({ include_expired: bool.optional() }).strict()
export type AdminGetUpdateAudienceParamsType = z.infer<typeof AdminGetUpdateAudienceParams>

/** GET /admin/digital-delivery/update-campaigns: newest first, optionally one asset's. */
export const AdminGetUpdateCampaignsParams = z
  .object({
    asset_id: z.string().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()
export type AdminGetUpdateCampaignsParamsType = z.infer<typeof AdminGetUpdateCampaignsParams>

/** POST /admin/digital-delivery/update-campaigns/:id */
export const AdminUpdateCampaignAction = z.object({ action: z.enum(["pause", "resume", "cancel", "retry_failed"]) }).strict()
export type AdminUpdateCampaignActionType = z.infer<typeof AdminUpdateCampaignAction>

/** GET /admin/digital-delivery/update-campaigns/:id/recipients */
export const AdminGetCampaignRecipientsParams = z
  .object({
    status: z.enum(["queued", "sending", "sent", "failed", "unsubscribed", "skipped"]).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()
export type AdminGetCampaignRecipientsParamsType = z.infer<typeof AdminGetCampaignRecipientsParams>
