import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { deleteDownloadGrantsStep } from "./steps"

export const deleteDownloadGrantsWorkflowId = "delete-download-grants"

/** Deletes grants; their links stop working and later deliveries do not re-issue them. */
export const deleteDownloadGrantsWorkflow = createWorkflow(
  deleteDownloadGrantsWorkflowId,
  (input: { ids: string[] }) => {
    return new WorkflowResponse(deleteDownloadGrantsStep(input))
  }
)
