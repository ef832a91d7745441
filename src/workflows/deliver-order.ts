import {
  createHook,
  createWorkflow,
  transform,
  when,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import {
  issueDownloadGrantsStep,
  prepareOrderDeliveryStep,
  recordDigitalOrderStep,
  sendDeliveryEmailStep,
  type PrepareOrderDeliveryInput,
} from "./steps"

export const deliverOrderWorkflowId = "deliver-order"

/**
 * Delivers a paid order's digital goods: issues the grants it is still owed
 * and sends the delivery email once. Safe to run for any event, any number of
 * times, concurrently: a lock serializes runs of one order, the unique index
 * (line item, asset) keeps grants unique, and the email is sent once.
 * `force` delivers whatever the payment state (the merchant's "Deliver now").
 */
export const deliverOrderWorkflow = createWorkflow(
  deliverOrderWorkflowId,
  (input: PrepareOrderDeliveryInput) => {
    const lockKey = transform({ input }, ({ input }) => `digital-delivery:order:${input.order_id}`)
    acquireLockStep({ key: lockKey, timeout: 30, ttl: 120 })
    const plan = prepareOrderDeliveryStep(input)
    const created = issueDownloadGrantsStep({ lines: plan.lines })
    when({ plan }, ({ plan }) => plan.skipped !== "no_digital_items").then(() =>
      recordDigitalOrderStep(
        transform({ plan }, ({ plan }) => ({
          order: plan.order,
          delivered: plan.skipped === null,
          canceled: plan.skipped === "canceled",
        }))
      )
    )
    const email = when({ plan }, ({ plan }) => plan.skipped === null).then(() =>
      sendDeliveryEmailStep({ order: plan.order, kind: "delivery" })
    )
    releaseLockStep({ key: lockKey })
    const result = transform({ plan, created, email }, ({ plan, created, email }) => ({
      order_id: plan.order.id,
      payment_status: plan.order.payment_status,
      skipped: plan.skipped,
      created_grants: created.map((g) => g.id),
      email: email ?? { status: "skipped" as const },
    }))
    const orderDelivered = createHook("orderDelivered", { result })
    return new WorkflowResponse(result, { hooks: [orderDelivered] })
  }
)
