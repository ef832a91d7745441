import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { planBulkGrantUpdateStep, updateDownloadGrantsStep, type PlanBulkGrantUpdateInput } from "./steps"

export const bulkUpdateOrderGrantsWorkflowId = "bulk-update-order-grants"

/** Enables, disables, extends or revokes every grant of the selected orders, all or nothing. */
export const bulkUpdateOrderGrantsWorkflow = createWorkflow(
  bulkUpdateOrderGrantsWorkflowId,
  (input: PlanBulkGrantUpdateInput) => {
    const updates = planBulkGrantUpdateStep(input)
    when({ updates }, ({ updates }) => updates.length > 0).then(() => updateDownloadGrantsStep(updates))
    return new WorkflowResponse(transform({ updates }, ({ updates }) => ({ updated: updates.length })))
  }
)
