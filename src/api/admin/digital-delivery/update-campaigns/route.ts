import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DIGITAL_DELIVERY_MODULE } from "../../../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../../../modules/digital-delivery/service"
import { withCounts } from "./helpers"
import type { AdminGetUpdateCampaignsParamsType } from "./validators"

/** Update campaigns, newest first (one asset's with `asset_id`), each with its recipients counted by status. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { asset_id, limit, offset } = req.validatedQuery as AdminGetUpdateCampaignsParamsType
  const service = req.scope.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const [campaigns, count] = await service.listAndCountUpdateCampaigns(asset_id ? { asset_id } : {}, {
    take: limit,
    skip: offset,
    order: { created_at: "DESC" },
  })
  res.json({ update_campaigns: await withCounts(req.scope, campaigns), count, limit, offset })
}
