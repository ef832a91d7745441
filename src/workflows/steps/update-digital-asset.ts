import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"

export type UpdateDigitalAssetStepInput = {
  id: string
  title?: string
  filename?: string
  external_url?: string
  max_downloads?: number | null
  validity_days?: number | null
  keep_earlier_releases?: boolean
  stamp_pdf?: boolean
  stamp_template?: string | null
  metadata?: Record<string, unknown> | null
}

export const updateDigitalAssetStepId = "update-digital-asset"

/** Renames an asset or changes its overrides or stamping; the compensation puts the old values back. */
export const updateDigitalAssetStep = createStep(
  updateDigitalAssetStepId,
  async (input: UpdateDigitalAssetStepInput, { container }) => {
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    const fields = Object.keys(input).filter((k) => k !== "id") as (keyof UpdateDigitalAssetStepInput)[]
    const before = await service.retrieveDigitalAsset(input.id, { select: ["id", ...fields] })
    const asset = await service.updateDigitalAssets(input)
    // A new stamped line: the workflow retires the copies stamped with the old one.
    const template_changed = input.stamp_template !== undefined && (input.stamp_template ?? null) !== (before.stamp_template ?? null)
    return new StepResponse({ asset, template_changed }, before as unknown as UpdateDigitalAssetStepInput)
  },
  async (before, { container }) => {
    if (!before) return
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    await service.updateDigitalAssets(before)
  }
)
