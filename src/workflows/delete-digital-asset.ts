import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { removeRemoteLinkStep } from "@medusajs/medusa/core-flows"
import { DIGITAL_DELIVERY_MODULE } from "../modules/digital-delivery"
import {
  deletePreviewFilesStep,
  deleteStampedCopyFilesStep,
  discardStampedCopiesStep,
  softDeleteDigitalAssetStep,
  softDeleteOwnerPreviewsStep,
  validateDigitalAssetDeletableStep,
} from "./steps"

export const deleteDigitalAssetWorkflowId = "delete-digital-asset"

/**
 * Deletes an asset nobody can download any more, and detaches it from its
 * variants. Its previews go with it: off the public route, then their stored
 * files deleted (last: that cannot be undone), and so do its buyers' stamped
 * copies (made again from its file if it ever came back). Its own files are kept.
 */
export const deleteDigitalAssetWorkflow = createWorkflow(
  deleteDigitalAssetWorkflowId,
  (input: { id: string }) => {
    validateDigitalAssetDeletableStep(input)
    // A list (the step takes one entry or many): a single object does not type-check as workflow data.
    const links = transform({ input }, ({ input }) => [{ [DIGITAL_DELIVERY_MODULE]: { digital_asset_id: input.id } }])
    softDeleteDigitalAssetStep(input)
    const previewInput = transform({ input }, ({ input }) => ({ asset_id: input.id }))
    const previewFiles = softDeleteOwnerPreviewsStep(previewInput)
    const stampedFiles = discardStampedCopiesStep(previewInput)
    removeRemoteLinkStep(links)
    deletePreviewFilesStep(previewFiles)
    deleteStampedCopyFilesStep(stampedFiles)
    return new WorkflowResponse(input.id)
  }
)
