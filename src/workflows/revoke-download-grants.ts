import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { ActivityActor } from "../modules/digital-delivery/types"
import { updateDownloadGrantsStep } from "./steps"

export const revokeDownloadGrantsWorkflowId = "revoke-download-grants"

/** Revokes grants for good (refund, fraud): their links answer 410 from now on. */
export const revokeDownloadGrantsWorkflow = createWorkflow(
  revokeDownloadGrantsWorkflowId,
  (input: { ids: string[]; actor?: ActivityActor | null }) => {
    const updates = transform({ input }, ({ input }) => {
      const now = new Date()
      return input.ids.map((id) => ({ id, revoked_at: now }))
    })
    return new WorkflowResponse(updateDownloadGrantsStep({ grants: updates, actor: input.actor }))
  }
)
