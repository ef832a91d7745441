import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { DIGITAL_DELIVERY_MODULE } from ".."
import type DigitalDeliveryModuleService from "../service"

jest.setTimeout(60000)

/** Update campaigns on PostgreSQL: recording once per address, exclusive claims, leases and their fencing, the throttle. */
moduleIntegrationTestRunner<DigitalDeliveryModuleService>({
  moduleName: DIGITAL_DELIVERY_MODULE,
  resolve: "./src/modules/digital-delivery",
  moduleOptions: { secret: "s".repeat(40), update_campaigns: { batch_size: 10, lease_seconds: 1, retry_delays_seconds: [0] } },
  testSuite: ({ service }) => {
    async function campaignOf(addresses: string[]) {
      const asset = await service.createFileAsset({ file_id: "k", filename: "a.pdf", mime_type: "application/pdf", size: 10 })
      await service.issueGrants(addresses.map((email, i) => ({ order_id: `order_${i}`, line_item_id: `li_${asset.id}_${i}`, asset_id: asset.id, email, max_downloads: null })))
      return await service.startUpdateCampaign({ asset_id: asset.id, version: 1, include_expired: false, started_by: null, reopen: false })
    }

    it("records one row per address (case aside), and a second start records nothing", async () => {
      const emails = Array.from({ length: 30 }, (_, i) => `b${i % 20}@example.com`).map((e, i) => (i === 25 ? e.toUpperCase() : e))
      const { campaign, recorded, created } = await campaignOf(emails)
      expect([created, recorded]).toEqual([true, 20])
      const again = await service.startUpdateCampaign({ asset_id: campaign.asset_id, version: 1, include_expired: false, started_by: null, reopen: true })
      expect([again.created, again.recorded, again.campaign.id]).toEqual([false, 0, campaign.id])
    })

    it("concurrent claims never return a row twice, and together return every row", async () => {
      await campaignOf(Array.from({ length: 40 }, (_, i) => `c${i}@example.com`))
      const claims = await Promise.all(Array.from({ length: 6 }, () => service.claimCampaignRecipients({ perMinute: null })))
      const ids = claims.flat().map((r) => r.id)
      expect(ids).toHaveLength(40)
      expect(new Set(ids).size).toBe(40)
      expect(Math.max(...claims.map((c) => c.length))).toBeLessThanOrEqual(10)
    })

    it("the throttle caps the rows claimed in any minute, across claims", async () => {
      await campaignOf(Array.from({ length: 12 }, (_, i) => `t${i}@example.com`))
      const first = await service.claimCampaignRecipients({ perMinute: 5 })
      const second = await service.claimCampaignRecipients({ perMinute: 5 })
      expect([first.length, second.length]).toEqual([5, 0])
      expect((await service.claimCampaignRecipients({ perMinute: 7 })).length).toBe(2)
    })

    it("a claim whose lease ran out is claimed again; only the current claim can settle the row", async () => {
      const { campaign } = await campaignOf(["lease@example.com"])
      const [old] = await service.claimCampaignRecipients({ perMinute: null })
      expect(await service.claimCampaignRecipients({ perMinute: null })).toEqual([])
      await new Promise((r) => setTimeout(r, 1100))
      const [current] = await service.claimCampaignRecipients({ perMinute: null })
      expect([current.id, current.attempts]).toEqual([old.id, 2])
      expect(await service.settleCampaignRecipient(old, { status: "sent", notification_id: "noti_old" })).toBe(false)
      expect(await service.settleCampaignRecipient(current, { status: "sent", notification_id: "noti_new" })).toBe(true)
      const counts = await service.campaignCounts([campaign.id])
      expect(counts[campaign.id]).toMatchObject({ recipients: 1, sent: 1, sending: 0 })
      expect(await service.completeFinishedCampaigns()).toEqual([campaign.id])
    })

    it("a failure is retried after the configured delays, then failed; unsubscribed addresses are recorded as such", async () => {
      await service.unsubscribeEmail({ email: "Gone@Example.com", source: "page" })
      const { campaign } = await campaignOf(["gone@example.com", "fail@example.com"])
      expect((await service.campaignCounts([campaign.id]))[campaign.id]).toMatchObject({ queued: 1, unsubscribed: 1 })
      const [first] = await service.claimCampaignRecipients({ perMinute: null })
      await service.settleCampaignRecipient(first, { status: "failed", error: "500" })
      const [second] = await service.claimCampaignRecipients({ perMinute: null })
      expect(second.attempts).toBe(2)
      await service.settleCampaignRecipient(second, { status: "failed", error: "500 again" })
      expect((await service.campaignCounts([campaign.id]))[campaign.id]).toMatchObject({ failed: 1, queued: 0 })
      expect(await service.retryFailedCampaignRecipients(campaign.id)).toBe(1)
      expect((await service.claimCampaignRecipients({ perMinute: null }))[0].attempts).toBe(1)
    })
  },
})
