import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"

export const unsubscribeEmailStepId = "unsubscribe-email"

/** Records that an address wants no more update emails; undone by removing a record it created. */
export const unsubscribeEmailStep = createStep(
  unsubscribeEmailStepId,
  async (input: { email: string; source: "one_click" | "page"; recipient_id?: string | null }, { container }) => {
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    const created = await service.unsubscribeEmail(input)
    return new StepResponse({ email: input.email, created }, created ? input.email : null)
  },
  async (email, { container }) => {
    if (!email) return
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    const rows = await service.listEmailUnsubscribes({ email }, { select: ["id"] })
    await service.deleteEmailUnsubscribes(rows.map((r) => r.id))
  }
)
