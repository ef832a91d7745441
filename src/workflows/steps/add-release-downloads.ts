import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"
import type { ActivityActor } from "../../modules/digital-delivery/types"

export type AddReleaseDownloadsInput = {
  asset_id: string
  /** the release's version number and label, for the grants' history */
  version: number
  version_label: string | null
  /** downloads added to each current grant's limit (0: nothing to do) */
  extra_downloads: number
  actor?: ActivityActor | null
}

export const addReleaseDownloadsStepId = "add-release-downloads"

/**
 * A release's extra downloads: every current grant of the asset (not revoked,
 * not expired, with a limit) gets `extra_downloads` more, with a "limit
 * changed" entry in its history. The compensation lowers them back and
 * removes the entries.
 */
export const addReleaseDownloadsStep = createStep(
  addReleaseDownloadsStepId,
  async (input: AddReleaseDownloadsInput, { container }) => {
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    const extra = input.extra_downloads
    if (!extra) return new StepResponse({ grant_ids: [] as string[] }, null)
    const raised = await service.raiseReleaseLimits(input.asset_id, extra, input.actor ?? { type: "system" }, {
      reason: "release",
      version: input.version,
      version_label: input.version_label,
    })
    return new StepResponse({ grant_ids: raised.grant_ids }, { ...raised, extra })
  },
  async (undo, { container }) => {
    if (!undo) return
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    await service.lowerReleaseLimits(undo)
  }
)
