import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { startUpdateCampaignWorkflow } from "../../../../../workflows/start-update-campaign"
import { refetchCampaign } from "../../../digital-delivery/update-campaigns/helpers"
import type { AdminStartUpdateCampaignType } from "../../../digital-delivery/update-campaigns/validators"

/**
 * Starts the update campaign of a release of this asset (`version`, default
 * the current one). A release has one campaign: starting it again sets it
 * sending and adds the buyers it does not have yet (nobody gets it twice).
 */
export async function POST(req: AuthenticatedMedusaRequest<AdminStartUpdateCampaignType>, res: MedusaResponse) {
  const { result } = await startUpdateCampaignWorkflow(req.scope).run({
    input: { asset_id: req.params.id, version: req.validatedBody.version, started_by: req.auth_context?.actor_id ?? null, reopen: true },
  })
  res.status(result.created ? 201 : 200).json({
    update_campaign: await refetchCampaign(req.scope, result.campaign.id),
    recorded: result.recorded,
  })
}
