import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"
import type { ActivityActor } from "../../modules/digital-delivery/types"

export const regenerateDownloadGrantLinksStepId = "regenerate-download-grant-links"

/**
 * Bumps token_version: every link already sent for these grants stops
 * working. Writes "link regenerated" in their history (who: `actor`, default
 * the plugin) in the same transaction; the compensation undoes both.
 */
export const regenerateDownloadGrantLinksStep = createStep(
  regenerateDownloadGrantLinksStepId,
  async (input: { ids: string[]; actor?: ActivityActor | null; details?: Record<string, unknown> | null }, { container }) => {
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    const { bumped, activity_ids } = await service.bumpTokenVersionRecorded(input.ids, input.actor ?? { type: "system" }, input.details ?? null)
    return new StepResponse(bumped, { bumped, activity_ids })
  },
  async (compensation, { container }) => {
    if (!compensation) return
    const { bumped, activity_ids } = compensation
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    if (bumped.length) {
      await service.updateDownloadGrants(bumped.map((g) => ({ id: g.id, token_version: g.token_version - 1 })))
    }
    if (activity_ids.length) await service.deleteGrantActivities(activity_ids)
  }
)
