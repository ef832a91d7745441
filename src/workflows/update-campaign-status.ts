import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { setUpdateCampaignStatusStep, type CampaignAction } from "./steps"

export const updateCampaignStatusWorkflowId = "update-campaign-status"

/** The merchant pauses, resumes or cancels a campaign, or queues its failed emails again. */
export const updateCampaignStatusWorkflow = createWorkflow(
  updateCampaignStatusWorkflowId,
  (input: { campaign_id: string; action: CampaignAction }) => new WorkflowResponse(setUpdateCampaignStatusStep(input))
)
