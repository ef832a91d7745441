import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"
import type { FileVersionInput, ReleaseInput } from "../../modules/digital-delivery/types"

export const replaceDigitalAssetFileStepId = "replace-digital-asset-file"

/** Makes a new file the asset's current version (a release, with its label and notes); existing links serve it at once. */
export const replaceDigitalAssetFileStep = createStep(
  replaceDigitalAssetFileStepId,
  async (input: { id: string; file: FileVersionInput; release?: ReleaseInput }, { container }) => {
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    const { asset, previous } = await service.replaceAssetFile(input.id, input.file, input.release ?? {})
    return new StepResponse(asset, { id: input.id, previous })
  },
  async (undo, { container }) => {
    if (!undo) return
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    await service.restoreAssetFile(undo.id, undo.previous)
  }
)
