import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"
import type { FileVersionInput } from "../../modules/digital-delivery/types"

export type CreateDigitalAssetStepInput =
  | ({ kind: "file"; title?: string | null } & FileVersionInput & AssetOverrides)
  | ({ kind: "external_link"; title: string; external_url: string; filename: string } & AssetOverrides)

type AssetOverrides = {
  max_downloads?: number | null
  validity_days?: number | null
  metadata?: Record<string, unknown> | null
}

export const createDigitalAssetStepId = "create-digital-asset"

/** Creates a file asset (with its first version) or an external-link asset. */
export const createDigitalAssetStep = createStep(
  createDigitalAssetStepId,
  async (input: CreateDigitalAssetStepInput, { container }) => {
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    if (input.kind === "file") {
      const { kind: _kind, ...file } = input
      const asset = await service.createFileAsset(file)
      return new StepResponse(asset, asset.id)
    }
    const asset = await service.createDigitalAssets({
      title: input.title,
      kind: "external_link",
      external_url: input.external_url,
      filename: input.filename,
      mime_type: "application/octet-stream",
      max_downloads: input.max_downloads ?? null,
      validity_days: input.validity_days ?? null,
      metadata: input.metadata ?? null,
    })
    return new StepResponse(asset, asset.id)
  },
  async (assetId, { container }) => {
    if (!assetId) return
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    await service.deleteDigitalAssets(assetId)
  }
)
