import { createHook, createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { PreviewInput } from "../modules/digital-delivery/types"
import {
  createDigitalPreviewStep,
  cutAssetPreviewStep,
  deletePreviewFileStep,
  deletePreviewFilesStep,
  softDeleteOwnerPreviewsStep,
  softDeleteDigitalPreviewStep,
  updateDigitalPreviewStep,
  validatePreviewOwnerStep,
  type CutAssetPreviewInput,
  type UpdateDigitalPreviewInput,
} from "./steps/digital-previews"

export const createDigitalPreviewWorkflowId = "create-digital-preview"

/** Makes a stored (uploaded) file a public preview of a product or an asset. */
export const createDigitalPreviewWorkflow = createWorkflow(createDigitalPreviewWorkflowId, (input: PreviewInput) => {
  validatePreviewOwnerStep(input)
  const preview = createDigitalPreviewStep(input)
  const previewCreated = createHook("digitalPreviewCreated", { preview })
  return new WorkflowResponse(preview, { hooks: [previewCreated] })
})

export const generateDigitalPreviewWorkflowId = "generate-digital-preview"

/** "Make a preview": cuts the first pages of a PDF asset or the first seconds of a WAV asset into a new public preview. */
export const generateDigitalPreviewWorkflow = createWorkflow(generateDigitalPreviewWorkflowId, (input: CutAssetPreviewInput) => {
  validatePreviewOwnerStep({ asset_id: input.asset_id })
  const file = cutAssetPreviewStep(input)
  const row = transform({ input, file }, ({ input, file }): PreviewInput => ({ ...file, asset_id: input.asset_id, source: "generated" }))
  const preview = createDigitalPreviewStep(row)
  const previewCreated = createHook("digitalPreviewCreated", { preview })
  return new WorkflowResponse(preview, { hooks: [previewCreated] })
})

export const updateDigitalPreviewWorkflowId = "update-digital-preview"

/** Renames a preview (title, file name) or moves it among its owner's previews. */
export const updateDigitalPreviewWorkflow = createWorkflow(updateDigitalPreviewWorkflowId, (input: UpdateDigitalPreviewInput) => {
  updateDigitalPreviewStep(input)
  return new WorkflowResponse(input.id)
})

export const deleteDigitalPreviewWorkflowId = "delete-digital-preview"

/** Removes a preview from the public route, then deletes its stored file. */
export const deleteDigitalPreviewWorkflow = createWorkflow(deleteDigitalPreviewWorkflowId, (input: { id: string }) => {
  const fileId = softDeleteDigitalPreviewStep(input)
  deletePreviewFileStep(fileId)
  return new WorkflowResponse(input.id)
})

export const deleteProductPreviewsWorkflowId = "delete-product-digital-previews"

/** A deleted product's previews: off the public route, then their stored files deleted (on `product.deleted`). */
export const deleteProductPreviewsWorkflow = createWorkflow(deleteProductPreviewsWorkflowId, (input: { product_id: string }) => {
  const fileIds = softDeleteOwnerPreviewsStep(input)
  deletePreviewFilesStep(fileIds)
  return new WorkflowResponse(input.product_id)
})
