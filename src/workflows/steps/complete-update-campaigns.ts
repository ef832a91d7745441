import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"

export const completeUpdateCampaignsStepId = "complete-update-campaigns"

/** Campaigns with nothing left to send become completed (a retry of failed rows opens them again). */
export const completeUpdateCampaignsStep = createStep(completeUpdateCampaignsStepId, async (_: void, { container }) => {
  const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  return new StepResponse(await service.completeFinishedCampaigns())
})
