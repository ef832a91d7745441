import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"

export type RecordDigitalOrderInput = {
  order: {
    id: string
    display_id?: number | string | null
    email?: string | null
    customer_id?: string | null
    payment_status?: string | null
    created_at?: string | Date
  }
  delivered?: boolean
  canceled?: boolean
}

export const recordDigitalOrderStepId = "record-digital-order"

/** Puts the order on the merchant's "Digital deliveries" list (or refreshes its row). */
export const recordDigitalOrderStep = createStep(
  recordDigitalOrderStepId,
  async (input: RecordDigitalOrderInput, { container }) => {
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    const { order } = input
    const row = await service.recordDigitalOrder({
      order_id: order.id,
      display_id: order.display_id == null ? null : Number(order.display_id),
      email: order.email,
      customer_id: order.customer_id,
      payment_status: order.payment_status,
      placed_at: order.created_at ? new Date(order.created_at) : new Date(),
      delivered: input.delivered,
      canceled: input.canceled,
    })
    return new StepResponse(row, row.inserted ? row.id : null)
  },
  async (createdId, { container }) => {
    if (!createdId) return
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    await service.deleteDigitalOrders(createdId)
  }
)
