import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { useQueryGraphStep } from "@medusajs/medusa/core-flows"
import { DELIVERY_ORDER_FIELDS, type DeliveryOrder } from "./utils/delivery-email"
import { sendDeliveryEmailStep } from "./steps"

export const resendDeliveryEmailWorkflowId = "resend-delivery-email"

/** Sends the delivery email again, with the order's current links. */
export const resendDeliveryEmailWorkflow = createWorkflow(
  resendDeliveryEmailWorkflowId,
  (input: { order_id: string }) => {
    const { data } = useQueryGraphStep({
      entity: "order",
      fields: DELIVERY_ORDER_FIELDS,
      filters: { id: input.order_id },
      options: { throwIfKeyNotFound: true },
    })
    const order = transform({ data }, ({ data }) => data[0] as DeliveryOrder)
    return new WorkflowResponse(sendDeliveryEmailStep({ order, kind: "resend" }))
  }
)
