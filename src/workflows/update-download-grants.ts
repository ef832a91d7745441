import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { updateDownloadGrantsStep, type UpdateDownloadGrantInput } from "./steps"

export const updateDownloadGrantsWorkflowId = "update-download-grants"

/** Enables/disables grants, changes limits and expiry, resets counters. Applies to links already sent. */
export const updateDownloadGrantsWorkflow = createWorkflow(
  updateDownloadGrantsWorkflowId,
  (input: { grants: UpdateDownloadGrantInput[] }) => {
    return new WorkflowResponse(updateDownloadGrantsStep(input.grants))
  }
)
