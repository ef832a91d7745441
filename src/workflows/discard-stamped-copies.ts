import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { deleteStampedCopyFilesStep, discardStampedCopiesStep, type DiscardStampedCopiesInput } from "./steps"

export const discardStampedCopiesWorkflowId = "discard-stamped-copies"

/**
 * Retires an asset's stamped copies and deletes their files: those of earlier
 * releases once a new one is published (unless buyers keep earlier releases),
 * or all of them when the stamped line changes. Buyers' next downloads stamp
 * new copies.
 */
export const discardStampedCopiesWorkflow = createWorkflow(discardStampedCopiesWorkflowId, (input: DiscardStampedCopiesInput) => {
  const fileIds = discardStampedCopiesStep(input)
  return new WorkflowResponse(deleteStampedCopyFilesStep(fileIds))
})
