import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { claimCampaignRecipientsStep, completeUpdateCampaignsStep, sendCampaignEmailsStep } from "./steps"

export const sendUpdateCampaignBatchWorkflowId = "send-update-campaign-batch"

/**
 * One run of the campaign job: claims a batch within the throttle, sends and
 * settles it, then marks finished campaigns completed. Safe on any number of
 * instances at once (claims are exclusive leases).
 */
export const sendUpdateCampaignBatchWorkflow = createWorkflow(sendUpdateCampaignBatchWorkflowId, (input: { limit?: number }) => {
  const claimed = claimCampaignRecipientsStep(input)
  const result = sendCampaignEmailsStep(claimed)
  completeUpdateCampaignsStep()
  return new WorkflowResponse(result)
})
