import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { useQueryGraphStep } from "@medusajs/medusa/core-flows"
import { DELIVERY_ORDER_FIELDS, type DeliveryOrder } from "./utils/delivery-email"
import type { ActivityActor } from "../modules/digital-delivery/types"
import { recordGrantActivityStep, sendDeliveryEmailStep } from "./steps"

export const resendDeliveryEmailWorkflowId = "resend-delivery-email"

/**
 * Sends the delivery email again, with the order's current links; each grant
 * it lists gets "email sent" (or failed) in its history, with `actor`.
 */
export const resendDeliveryEmailWorkflow = createWorkflow(
  resendDeliveryEmailWorkflowId,
  (input: { order_id: string; actor?: ActivityActor | null }) => {
    const { data } = useQueryGraphStep({
      entity: "order",
      fields: DELIVERY_ORDER_FIELDS,
      filters: { id: input.order_id },
      options: { throwIfKeyNotFound: true },
    })
    const order = transform({ data }, ({ data }) => data[0] as DeliveryOrder)
    const sent = sendDeliveryEmailStep({ order, kind: "resend" })
    when({ sent }, ({ sent }) => sent.status !== "skipped").then(() =>
      recordGrantActivityStep(
        transform({ input, sent }, ({ input, sent }) => ({
          order_id: input.order_id,
          action: "email_sent" as const,
          actor: input.actor,
          details: { kind: "resend", status: sent.status },
        }))
      )
    )
    return new WorkflowResponse(sent)
  }
)
