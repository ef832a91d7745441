import { createHook, createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { createDigitalAssetStep, type CreateDigitalAssetStepInput } from "./steps"

export const createDigitalAssetWorkflowId = "create-digital-asset"

/** Creates a digital asset from a stored private file or an external URL. */
export const createDigitalAssetWorkflow = createWorkflow(
  createDigitalAssetWorkflowId,
  (input: CreateDigitalAssetStepInput) => {
    const asset = createDigitalAssetStep(input)
    const assetCreated = createHook("digitalAssetCreated", { asset })
    return new WorkflowResponse(asset, { hooks: [assetCreated] })
  }
)
