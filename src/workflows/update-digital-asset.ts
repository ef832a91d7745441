import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { updateDigitalAssetStep, type UpdateDigitalAssetStepInput } from "./steps"

export const updateDigitalAssetWorkflowId = "update-digital-asset"

/** Renames an asset (links keep working) or changes its per-asset limits. */
export const updateDigitalAssetWorkflow = createWorkflow(
  updateDigitalAssetWorkflowId,
  (input: UpdateDigitalAssetStepInput) => {
    return new WorkflowResponse(updateDigitalAssetStep(input))
  }
)
