import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { deleteDownloadGrantsStep, deleteStampedCopyFilesStep, discardStampedCopiesStep } from "./steps"

export const deleteDownloadGrantsWorkflowId = "delete-download-grants"

/** Deletes grants (and their stamped copies); their links stop working and later deliveries do not re-issue them. */
export const deleteDownloadGrantsWorkflow = createWorkflow(
  deleteDownloadGrantsWorkflowId,
  (input: { ids: string[] }) => {
    const deleted = deleteDownloadGrantsStep(input)
    const copies = transform({ input }, ({ input }) => ({ grant_ids: input.ids }))
    deleteStampedCopyFilesStep(discardStampedCopiesStep(copies))
    return new WorkflowResponse(deleted)
  }
)
