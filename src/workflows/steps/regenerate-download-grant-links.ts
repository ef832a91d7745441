import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"

export const regenerateDownloadGrantLinksStepId = "regenerate-download-grant-links"

/** Bumps token_version: every link already sent for these grants stops working. */
export const regenerateDownloadGrantLinksStep = createStep(
  regenerateDownloadGrantLinksStepId,
  async (input: { ids: string[] }, { container }) => {
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    const bumped = await service.bumpTokenVersion(input.ids)
    return new StepResponse(bumped, bumped)
  },
  async (bumped, { container }) => {
    if (!bumped?.length) return
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    await service.updateDownloadGrants(
      bumped.map((g) => ({ id: g.id, token_version: g.token_version - 1 }))
    )
  }
)
