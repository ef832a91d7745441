import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { startUpdateCampaignStep, type StartUpdateCampaignStepInput } from "./steps"

export const startUpdateCampaignWorkflowId = "start-update-campaign"

/**
 * Starts the update campaign of a release (publishing with `notify`, or the
 * merchant later): the campaign and its recipients are recorded now; the
 * campaign job sends them.
 */
export const startUpdateCampaignWorkflow = createWorkflow(startUpdateCampaignWorkflowId, (input: StartUpdateCampaignStepInput) => {
  return new WorkflowResponse(startUpdateCampaignStep(input))
})
