import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DIGITAL_DELIVERY_MODULE } from "../../../../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../../../../modules/digital-delivery/service"
import type { AdminGetUpdateAudienceParamsType } from "../../../digital-delivery/update-campaigns/validators"

/** How many emails a campaign of this asset would send now: `{ recipients: N }` (the "email N buyers" of a release). */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const service = req.scope.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  await service.retrieveDigitalAsset(req.params.id, { select: ["id"] })
  const { include_expired } = req.validatedQuery as AdminGetUpdateAudienceParamsType
  const includeExpired = include_expired ?? !!(await service.getSettings()).update_include_expired
  res.json({ recipients: await service.campaignAudience(req.params.id, includeExpired), include_expired: includeExpired })
}
