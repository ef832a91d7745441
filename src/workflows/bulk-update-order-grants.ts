import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { ActivityActor } from "../modules/digital-delivery/types"
import { planBulkGrantUpdateStep, revokeLicenseKeysStep, updateDownloadGrantsStep, type PlanBulkGrantUpdateInput } from "./steps"

export const bulkUpdateOrderGrantsWorkflowId = "bulk-update-order-grants"

/** Enables, disables, extends or revokes every grant of the selected orders, all or nothing. */
export const bulkUpdateOrderGrantsWorkflow = createWorkflow(
  bulkUpdateOrderGrantsWorkflowId,
  (input: PlanBulkGrantUpdateInput & { actor?: ActivityActor | null }) => {
    const updates = planBulkGrantUpdateStep(input)
    when({ updates }, ({ updates }) => updates.length > 0).then(() =>
      updateDownloadGrantsStep({ grants: updates, actor: input.actor, details: { bulk: input.action } })
    )
    // A bulk revocation revokes the orders' license keys too.
    when("revoke-license-keys", { input, updates }, ({ input, updates }) => input.action === "revoke" && updates.length > 0).then(() =>
      revokeLicenseKeysStep(transform({ updates }, ({ updates }) => ({ grant_ids: updates.map((u) => u.id) })))
    )
    return new WorkflowResponse(transform({ updates }, ({ updates }) => ({ updated: updates.length })))
  }
)
