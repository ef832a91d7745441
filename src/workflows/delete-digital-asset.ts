import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { removeRemoteLinkStep } from "@medusajs/medusa/core-flows"
import { DIGITAL_DELIVERY_MODULE } from "../modules/digital-delivery"
import { softDeleteDigitalAssetStep, validateDigitalAssetDeletableStep } from "./steps"

export const deleteDigitalAssetWorkflowId = "delete-digital-asset"

/** Deletes an asset nobody can download any more, and detaches it from its variants. */
export const deleteDigitalAssetWorkflow = createWorkflow(
  deleteDigitalAssetWorkflowId,
  (input: { id: string }) => {
    validateDigitalAssetDeletableStep(input)
    // A list (the step takes one entry or many): a single object does not type-check as workflow data.
    const links = transform({ input }, ({ input }) => [{ [DIGITAL_DELIVERY_MODULE]: { digital_asset_id: input.id } }])
    softDeleteDigitalAssetStep(input)
    removeRemoteLinkStep(links)
    return new WorkflowResponse(input.id)
  }
)
