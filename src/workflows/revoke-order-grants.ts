import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { ActivityActor } from "../modules/digital-delivery/types"
import { listOrderGrantIdsStep, revokeLicenseKeysStep, updateDownloadGrantsStep } from "./steps"

export const revokeOrderGrantsWorkflowId = "revoke-order-grants"

/** Revokes every grant of an order (refund, cancellation) and their license keys; the history says who (`actor`, the plugin when absent) and why (`reason`). */
export const revokeOrderGrantsWorkflow = createWorkflow(
  revokeOrderGrantsWorkflowId,
  (input: { order_id: string; actor?: ActivityActor | null; reason?: string }) => {
    const ids = listOrderGrantIdsStep({ order_id: input.order_id })
    const revoked = when({ ids }, ({ ids }) => ids.length > 0).then(() => {
      const updates = transform({ ids }, ({ ids }) => {
        const now = new Date()
        return ids.map((id) => ({ id, revoked_at: now }))
      })
      const details = transform({ input }, ({ input }) => (input.reason ? { reason: input.reason } : null))
      const grants = updateDownloadGrantsStep({ grants: updates, actor: input.actor, details })
      // The license keys of the order's lines go with its grants.
      revokeLicenseKeysStep({ grant_ids: ids })
      return grants
    })
    return new WorkflowResponse(transform({ ids, revoked }, ({ ids }) => ({ revoked: ids })))
  }
)
