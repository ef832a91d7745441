import {
  createHook,
  createWorkflow,
  transform,
  when,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import {
  alertLicensePoolsStep,
  fulfilDeliveredOrderStep,
  issueLicenseKeysStep,
  issueDownloadGrantsStep,
  prepareOrderDeliveryStep,
  recordGrantActivityStep,
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
 * Before the email, the digital lines get a delivered fulfillment (`fulfil-digital-order`).
 */
export const deliverOrderWorkflow = createWorkflow(
  deliverOrderWorkflowId,
  (input: PrepareOrderDeliveryInput) => {
    const lockKey = transform({ input }, ({ input }) => `digital-delivery:order:${input.order_id}`)
    acquireLockStep({ key: lockKey, timeout: 30, ttl: 120 })
    const plan = prepareOrderDeliveryStep(input)
    const created = issueDownloadGrantsStep({ lines: plan.lines })
    // One license key per unit of the lines whose variant has a key source (after
    // the grants, before the email that shows them); a dry pool leaves keys pending.
    const licenses = when("issue-license-keys", { plan }, ({ plan }) => plan.skipped === null).then(() =>
      issueLicenseKeysStep(transform({ plan }, ({ plan }) => ({ order: plan.order as never, lines: plan.lines })))
    )
    when({ plan }, ({ plan }) => plan.skipped !== "no_digital_items").then(() =>
      recordDigitalOrderStep(
        transform({ plan }, ({ plan }) => ({
          order: plan.order,
          delivered: plan.skipped === null,
          canceled: plan.skipped === "canceled",
        }))
      )
    )
    // The history of each new grant: issued by whom (the merchant's "Deliver now", or the plugin) and why.
    when("record-issued", { created }, ({ created }) => created.length > 0).then(() =>
      recordGrantActivityStep(
        transform({ input, created }, ({ input, created }) => ({
          grant_ids: created.map((g) => g.id),
          action: "issued" as const,
          actor: input.actor ?? { type: "system" as const },
          details: { reason: input.force ? "manual" : input.source ?? "payment" },
        }))
      ).config({ name: "record-issued-grants" })
    )
    // Medusa's own record of the delivery: a delivered fulfillment of the
    // digital lines (once: a rerun finds them fulfilled), so the Orders list
    // stops saying "Not fulfilled". Before the email, so a sent email means
    // the order reads delivered too.
    const fulfillment = when({ plan }, ({ plan }) => plan.skipped === null).then(() =>
      fulfilDeliveredOrderStep(
        transform({ plan }, ({ plan }) => ({
          order_id: plan.order.id,
          line_item_ids: [...new Set(plan.lines.map((l) => l.line_item_id))],
        }))
      )
    )
    const email = when({ plan }, ({ plan }) => plan.skipped === null).then(() =>
      sendDeliveryEmailStep({ order: plan.order, kind: "delivery" })
    )
    // The email cannot be unsent: nothing after it may undo the grants its
    // links point to. A failure there is logged, and the workflow goes on.
    when("record-delivery-email", { email }, ({ email }) => !!email && email.status !== "skipped").then(() =>
      recordGrantActivityStep(
        transform({ input, email }, ({ input, email }) => ({
          order_id: input.order_id,
          action: "email_sent" as const,
          actor: input.actor ?? { type: "system" as const },
          details: { kind: "delivery", status: email?.status },
        }))
      ).config({ name: "record-delivery-email", continueOnPermanentFailure: true })
    )
    // The merchant hears of a pool that ran dry or low (once until the next upload);
    // after the email like the entry above: a failure is logged and undoes nothing.
    when("alert-license-pools", { licenses }, ({ licenses }) => !!licenses?.pool_variants.length).then(() =>
      alertLicensePoolsStep(transform({ licenses }, ({ licenses }) => ({ variant_ids: licenses!.pool_variants.map((v) => v.variant_id) }))).config({
        continueOnPermanentFailure: true,
      })
    )
    releaseLockStep({ key: lockKey }).config({ continueOnPermanentFailure: true })
    const result = transform({ plan, created, email, fulfillment, licenses }, ({ plan, created, email, fulfillment, licenses }) => ({
      order_id: plan.order.id,
      payment_status: plan.order.payment_status,
      skipped: plan.skipped,
      created_grants: created.map((g) => g.id),
      license_keys: licenses?.ids ?? [],
      email: email ?? { status: "skipped" as const },
      fulfillment: fulfillment ?? { fulfillment_id: null, skipped: plan.skipped },
    }))
    const orderDelivered = createHook("orderDelivered", { result })
    return new WorkflowResponse(result, { hooks: [orderDelivered] })
  }
)
