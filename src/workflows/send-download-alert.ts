import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { sendDownloadAlertStep, type SendDownloadAlertInput } from "./steps"

export const sendDownloadAlertWorkflowId = "send-download-alert"

/** Tells the merchant about a failing or suspicious grant (debounced: one email per grant per hour). */
export const sendDownloadAlertWorkflow = createWorkflow(
  sendDownloadAlertWorkflowId,
  (input: SendDownloadAlertInput) => new WorkflowResponse(sendDownloadAlertStep(input))
)
