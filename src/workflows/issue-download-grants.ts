import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { GrantLineInput } from "../modules/digital-delivery/types"
import { issueDownloadGrantsStep } from "./steps"

export const issueDownloadGrantsWorkflowId = "issue-download-grants"

/** Issues download grants for order lines; idempotent per (line item, asset). */
export const issueDownloadGrantsWorkflow = createWorkflow(
  issueDownloadGrantsWorkflowId,
  (input: { lines: GrantLineInput[] }) => {
    return new WorkflowResponse(issueDownloadGrantsStep(input))
  }
)
