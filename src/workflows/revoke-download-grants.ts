import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { ActivityActor } from "../modules/digital-delivery/types"
import { revokeLicenseKeysStep, updateDownloadGrantsStep } from "./steps"

export const revokeDownloadGrantsWorkflowId = "revoke-download-grants"

/** Revokes grants for good (refund, fraud): their links answer 410 from now on, and the
 * license keys of their order lines say "revoked". */
export const revokeDownloadGrantsWorkflow = createWorkflow(
  revokeDownloadGrantsWorkflowId,
  (input: { ids: string[]; actor?: ActivityActor | null }) => {
    const updates = transform({ input }, ({ input }) => {
      const now = new Date()
      return input.ids.map((id) => ({ id, revoked_at: now }))
    })
    const grants = updateDownloadGrantsStep({ grants: updates, actor: input.actor })
    // The license keys of the grants' order lines are revoked with them.
    revokeLicenseKeysStep({ grant_ids: input.ids })
    return new WorkflowResponse(grants)
  }
)
