import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"

export type UpdateDownloadGrantInput = {
  id: string
  enabled?: boolean
  max_downloads?: number | null
  download_count?: number
  expires_at?: Date | null
  revoked_at?: Date | null
}

export const updateDownloadGrantsStepId = "update-download-grants"

/** Changes grants (enable, limit, counter, expiry, revocation); the compensation restores them. */
export const updateDownloadGrantsStep = createStep(
  updateDownloadGrantsStepId,
  async (input: UpdateDownloadGrantInput[], { container }) => {
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    const before = await service.listDownloadGrants(
      { id: input.map((i) => i.id) },
      {
        select: ["id", "enabled", "max_downloads", "download_count", "expires_at", "revoked_at"],
      }
    )
    const grants = await service.updateDownloadGrants(input)
    return new StepResponse(grants, before as UpdateDownloadGrantInput[])
  },
  async (before, { container }) => {
    if (!before?.length) return
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    await service.updateDownloadGrants(before)
  }
)
