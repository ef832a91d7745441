import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { unsubscribeEmailStep } from "./steps"

export const unsubscribeEmailWorkflowId = "unsubscribe-email"

/** A buyer unsubscribes from update emails (the one-click POST or the hosted page's button). */
export const unsubscribeEmailWorkflow = createWorkflow(
  unsubscribeEmailWorkflowId,
  (input: { email: string; source: "one_click" | "page"; recipient_id?: string | null }) => new WorkflowResponse(unsubscribeEmailStep(input))
)
