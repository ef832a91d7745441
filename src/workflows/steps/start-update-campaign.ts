import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"

export type StartUpdateCampaignStepInput = {
  asset_id: string
  /** The release; the asset's current one when absent. */
  version?: number | null
  started_by: string | null
  /** The merchant's start: an existing campaign of the release is set sending again and gets the buyers it lacks. */
  reopen: boolean
}

export const startUpdateCampaignStepId = "start-update-campaign"

/**
 * Creates the release's campaign (once per asset and version) and records its
 * recipients, one per address. Undone by removing a campaign it created.
 */
export const startUpdateCampaignStep = createStep(
  startUpdateCampaignStepId,
  async (input: StartUpdateCampaignStepInput, { container }) => {
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    const asset = await service.retrieveDigitalAsset(input.asset_id, { select: ["id", "kind", "version"] })
    const version = input.version ?? asset.version
    const [release] = await service.listDigitalAssetVersions({ asset_id: asset.id, version }, { select: ["id"] })
    if (!release) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `version: digital asset ${asset.id} has no release ${version}`)
    }
    const settings = await service.getSettings()
    const started = await service.startUpdateCampaign({
      asset_id: asset.id,
      version,
      include_expired: !!settings.update_include_expired,
      started_by: input.started_by,
      reopen: input.reopen,
    })
    return new StepResponse(started, started.created ? started.campaign.id : null)
  },
  async (createdId, { container }) => {
    if (!createdId) return
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    const rows = await service.listUpdateCampaignRecipients({ campaign_id: createdId }, { select: ["id"] })
    await service.deleteUpdateCampaignRecipients(rows.map((r) => r.id))
    await service.deleteUpdateCampaigns(createdId)
  }
)
