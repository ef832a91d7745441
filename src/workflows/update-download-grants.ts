import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { ActivityActor } from "../modules/digital-delivery/types"
import { updateDownloadGrantsStep, type UpdateDownloadGrantInput } from "./steps"

export const updateDownloadGrantsWorkflowId = "update-download-grants"

/**
 * Enables/disables grants, changes limits and expiry, resets counters. Applies to links already sent.
 * Each change is written in the grants' history with `actor` (the plugin when absent).
 */
export const updateDownloadGrantsWorkflow = createWorkflow(
  updateDownloadGrantsWorkflowId,
  (input: { grants: UpdateDownloadGrantInput[]; actor?: ActivityActor | null }) => {
    return new WorkflowResponse(updateDownloadGrantsStep({ grants: input.grants, actor: input.actor }))
  }
)
