import { createHook, createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { useQueryGraphStep } from "@medusajs/medusa/core-flows"
import type { ActivityActor } from "../modules/digital-delivery/types"
import { DELIVERY_ORDER_FIELDS, type DeliveryOrder } from "./utils/delivery-email"
import {
  bumpOrderLinkVersionStep,
  listOrderGrantIdsStep,
  recordGrantActivityStep,
  regenerateDownloadGrantLinksStep,
  sendDeliveryEmailStep,
  type SendDeliveryEmailResult,
} from "./steps"

export const regenerateOrderLinksWorkflowId = "regenerate-order-links"

export type RegenerateOrderLinksInput = {
  order_id: string
  /** Email the new links to the order's address (the delivery email, sent again). */
  resend?: boolean
  /** who asks (written in the grants' history); the plugin when absent */
  actor?: ActivityActor | null
}

/**
 * Issues new links for a whole order: the order page (and its ZIP) and every
 * file link. Every link sent before stops working, e.g. when an order page was
 * shared publicly. The email, which cannot be undone, comes last; a failing
 * provider is reported in the result and does not bring the old links back.
 */
export const regenerateOrderLinksWorkflow = createWorkflow(
  regenerateOrderLinksWorkflowId,
  (input: RegenerateOrderLinksInput) => {
    const ids = listOrderGrantIdsStep({ order_id: input.order_id })
    const { link_version } = bumpOrderLinkVersionStep({ order_id: input.order_id })
    regenerateDownloadGrantLinksStep({ ids, actor: input.actor, details: { scope: "order" } })

    const email = when("resend-new-links", { input }, ({ input }) => !!input.resend).then(() => {
      const { data } = useQueryGraphStep({
        entity: "order",
        fields: DELIVERY_ORDER_FIELDS,
        filters: { id: input.order_id },
        options: { throwIfKeyNotFound: true },
      }).config({ name: "read-order-for-new-links" })
      const order = transform({ data }, ({ data }) => data[0] as DeliveryOrder)
      return sendDeliveryEmailStep({ order, kind: "resend" })
    })
    when("record-new-links-email", { email }, ({ email }) => !!email && email.status !== "skipped").then(() =>
      recordGrantActivityStep(
        transform({ input, email }, ({ input, email }) => ({
          order_id: input.order_id,
          action: "email_sent" as const,
          actor: input.actor,
          details: { kind: "resend", status: email?.status },
        }))
      )
    )

    const result = transform({ ids, link_version, email }, ({ ids, link_version, email }) => ({
      link_version,
      regenerated_grant_ids: ids,
      email: (email ?? null) as SendDeliveryEmailResult | null,
    }))
    const linksRegenerated = createHook("orderLinksRegenerated", { order_id: input.order_id, result })
    return new WorkflowResponse(result, { hooks: [linksRegenerated] })
  }
)
