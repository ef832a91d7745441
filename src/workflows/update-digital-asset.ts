import { createWorkflow, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { deleteStampedCopyFilesStep, discardStampedCopiesStep, updateDigitalAssetStep, type UpdateDigitalAssetStepInput } from "./steps"

export const updateDigitalAssetWorkflowId = "update-digital-asset"

/**
 * Renames an asset (links keep working), changes its per-asset limits or its
 * PDF stamping. A new stamped line retires the copies stamped with the old
 * one (buyers' next downloads stamp new ones).
 */
export const updateDigitalAssetWorkflow = createWorkflow(
  updateDigitalAssetWorkflowId,
  (input: UpdateDigitalAssetStepInput) => {
    const updated = updateDigitalAssetStep(input)
    when("stamp-template-changed", { updated }, ({ updated }) => updated.template_changed).then(() => {
      deleteStampedCopyFilesStep(discardStampedCopiesStep({ asset_id: input.id }))
    })
    return new WorkflowResponse(updated.asset)
  }
)
