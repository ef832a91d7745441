import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type { ClaimedRecipient } from "../../modules/digital-delivery/repositories"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"

export const claimCampaignRecipientsStepId = "claim-campaign-recipients"

/**
 * Claims the recipients this run sends (a lease; see the repository's claim),
 * within the store's throttle. Nothing to undo: a claim nobody settles is
 * claimed again when its lease runs out.
 */
export const claimCampaignRecipientsStep = createStep(
  claimCampaignRecipientsStepId,
  async (input: { limit?: number }, { container }) => {
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    const settings = await service.getSettings()
    const perMinute = settings.update_emails_per_minute ?? null
    const claimed: ClaimedRecipient[] = await service.claimCampaignRecipients({ perMinute, limit: input.limit })
    return new StepResponse(claimed)
  }
)
