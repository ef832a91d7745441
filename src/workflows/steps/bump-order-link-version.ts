import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"

export const bumpOrderLinkVersionStepId = "bump-order-link-version"

/** Bumps the order's link_version: the order page and ZIP links already sent stop working. */
export const bumpOrderLinkVersionStep = createStep(
  bumpOrderLinkVersionStepId,
  async (input: { order_id: string }, { container }) => {
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    const { previous, link_version } = await service.setOrderLinkVersion(input.order_id, { by: 1 })
    return new StepResponse({ link_version }, { order_id: input.order_id, previous })
  },
  async (undo, { container }) => {
    if (!undo) return
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    await service.setOrderLinkVersion(undo.order_id, { to: undo.previous })
  }
)
