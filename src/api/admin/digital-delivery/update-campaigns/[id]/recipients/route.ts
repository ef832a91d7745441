import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DIGITAL_DELIVERY_MODULE } from "../../../../../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../../../../../modules/digital-delivery/service"
import { refetchCampaign } from "../../helpers"
import type { AdminGetCampaignRecipientsParamsType } from "../../validators"

/** A campaign's recipients (e.g. `status=failed`, with the provider's last error), oldest first. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  await refetchCampaign(req.scope, req.params.id)
  const { status, limit, offset } = req.validatedQuery as AdminGetCampaignRecipientsParamsType
  const service = req.scope.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const [recipients, count] = await service.listAndCountUpdateCampaignRecipients(
    { campaign_id: req.params.id, ...(status ? { status } : {}) },
    {
      select: ["id", "email", "status", "attempts", "next_attempt_at", "sent_at", "last_error", "order_id", "created_at"],
      take: limit,
      skip: offset,
      order: { created_at: "ASC", id: "ASC" },
    }
  )
  res.json({ recipients, count, limit, offset })
}
