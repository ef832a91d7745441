import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  alertUnstampablePdfStep,
  prepareStampedCopyStep,
  recordStampedCopyStep,
  stampPdfCopyStep,
  type StampedCopyRequest,
} from "./steps"

export const createStampedCopyWorkflowId = "create-stamped-copy"

/**
 * Makes one grant's stamped copy of one release of a PDF (issue 18): reads
 * the facts, stamps in a worker thread, stores the copy privately and records
 * it, or records that the PDF cannot be stamped and alerts the merchant.
 * Does nothing when the copy exists. Callers run it under a lock per grant
 * and release (api/downloads/stamped-copy.ts), so concurrent first downloads
 * stamp once.
 */
export const createStampedCopyWorkflow = createWorkflow(createStampedCopyWorkflowId, (input: StampedCopyRequest) => {
  const prepared = prepareStampedCopyStep(input)
  const outcome = stampPdfCopyStep(prepared)
  const recorded = recordStampedCopyStep({ prepared, outcome })
  alertUnstampablePdfStep({ prepared, outcome })
  return new WorkflowResponse(recorded)
})
