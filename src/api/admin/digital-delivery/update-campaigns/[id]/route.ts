import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { updateCampaignStatusWorkflow } from "../../../../../workflows/update-campaign-status"
import { refetchCampaign } from "../helpers"
import type { AdminUpdateCampaignActionType } from "../validators"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json({ update_campaign: await refetchCampaign(req.scope, req.params.id) })
}

/** `{ action: "pause" | "resume" | "cancel" | "retry_failed" }`; 400 when the campaign's status does not allow it. */
export async function POST(req: AuthenticatedMedusaRequest<AdminUpdateCampaignActionType>, res: MedusaResponse) {
  await refetchCampaign(req.scope, req.params.id)
  await updateCampaignStatusWorkflow(req.scope).run({ input: { campaign_id: req.params.id, action: req.validatedBody.action } })
  res.json({ update_campaign: await refetchCampaign(req.scope, req.params.id) })
}
