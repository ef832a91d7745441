import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"

export const readRevokeOnRefundStepId = "read-revoke-on-refund-setting"

/** Whether the store revokes downloads on refunds and cancellations. */
export const readRevokeOnRefundStep = createStep(readRevokeOnRefundStepId, async (_: void, { container }) => {
  const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  return new StepResponse((await service.getSettings()).revoke_on_refund)
})
