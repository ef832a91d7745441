import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { FileVersionInput } from "../modules/digital-delivery/types"
import { replaceDigitalAssetFileStep } from "./steps"

export const replaceDigitalAssetFileWorkflowId = "replace-digital-asset-file"

/** Replaces an asset's file with a new version; grants and links already sent serve the new file. */
export const replaceDigitalAssetFileWorkflow = createWorkflow(
  replaceDigitalAssetFileWorkflowId,
  (input: { id: string; file: FileVersionInput }) => {
    return new WorkflowResponse(replaceDigitalAssetFileStep(input))
  }
)
