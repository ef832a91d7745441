import type { MedusaContainer } from "@medusajs/framework/types"
import { DIGITAL_DELIVERY_MODULE } from "../../../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../../../modules/digital-delivery/service"

type Campaign = Awaited<ReturnType<DigitalDeliveryModuleService["listUpdateCampaigns"]>>[number]

/** Campaigns as the Admin shows them: with their recipients counted by status. */
export async function withCounts(container: MedusaContainer, campaigns: Campaign[]) {
  const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const counts = await service.campaignCounts(campaigns.map((c) => c.id))
  const assetIds = [...new Set(campaigns.map((c) => c.asset_id))]
  const assets = assetIds.length ? await service.listDigitalAssets({ id: assetIds }, { select: ["id", "title"], withDeleted: true }) : []
  const titles = new Map(assets.map((a) => [a.id, a.title]))
  return campaigns.map((c) => ({
    id: c.id,
    asset_id: c.asset_id,
    asset_title: titles.get(c.asset_id) ?? null,
    version: c.version,
    status: c.status,
    include_expired: c.include_expired,
    started_by: c.started_by,
    created_at: c.created_at,
    completed_at: c.completed_at,
    counts: counts[c.id],
  }))
}

/** One campaign with its counts; NOT_FOUND when it does not exist. */
export async function refetchCampaign(container: MedusaContainer, id: string) {
  const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const [campaign] = await withCounts(container, [await service.retrieveUpdateCampaign(id)])
  return campaign
}
