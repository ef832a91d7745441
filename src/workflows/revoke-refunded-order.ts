import type { OrderDetailDTO } from "@medusajs/framework/types"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { getLastPaymentStatus, useQueryGraphStep } from "@medusajs/medusa/core-flows"
import { revokeOrderGrantsWorkflow } from "./revoke-order-grants"
import { readRevokeOnRefundStep } from "./steps"

export const revokeRefundedOrderWorkflowId = "revoke-refunded-order"

/**
 * Revokes an order's grants when it is canceled or fully refunded and the store
 * says so (revoke_on_refund, on by default). A partial refund leaves the grants:
 * the merchant revokes single files by hand.
 */
export const revokeRefundedOrderWorkflow = createWorkflow(
  revokeRefundedOrderWorkflowId,
  (input: { order_id: string }) => {
    const enabled = readRevokeOnRefundStep()
    const { data } = useQueryGraphStep({
      entity: "order",
      fields: ["id", "status", "payment_collections.amount", "payment_collections.captured_amount", "payment_collections.refunded_amount", "payment_collections.status"],
      filters: { id: input.order_id },
    })
    // Why the grants go: "canceled" or "refund" (written in their history), or null to keep them.
    const reason = transform({ data, enabled }, ({ data, enabled }) => {
      // The fields above are the ones getLastPaymentStatus reads.
      const order = data[0] as OrderDetailDTO | undefined
      if (!enabled || !order) return null
      if (order.status === "canceled") return "canceled"
      return getLastPaymentStatus(order) === "refunded" ? "refund" : null
    })
    const result = when({ reason }, ({ reason }) => reason !== null).then(() =>
      revokeOrderGrantsWorkflow.runAsStep({
        input: transform({ input, reason }, ({ input, reason }) => ({
          order_id: input.order_id,
          actor: { type: "system" as const },
          reason: reason ?? undefined,
        })),
      })
    )
    return new WorkflowResponse(transform({ result }, ({ result }) => ({ revoked: result?.revoked ?? [] })))
  }
)
