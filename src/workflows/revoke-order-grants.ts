import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { listOrderGrantIdsStep, updateDownloadGrantsStep } from "./steps"

export const revokeOrderGrantsWorkflowId = "revoke-order-grants"

/** Revokes every grant of an order (refund, cancellation). */
export const revokeOrderGrantsWorkflow = createWorkflow(
  revokeOrderGrantsWorkflowId,
  (input: { order_id: string }) => {
    const ids = listOrderGrantIdsStep(input)
    const revoked = when({ ids }, ({ ids }) => ids.length > 0).then(() => {
      const updates = transform({ ids }, ({ ids }) => {
        const now = new Date()
        return ids.map((id) => ({ id, revoked_at: now }))
      })
      return updateDownloadGrantsStep(updates)
    })
    return new WorkflowResponse(transform({ ids, revoked }, ({ ids }) => ({ revoked: ids })))
  }
)
