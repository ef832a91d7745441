import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { DIGITAL_DELIVERY_MODULE } from ".."
import type DigitalDeliveryModuleService from "../service"

jest.setTimeout(60000)

const SECRET = "s".repeat(40)

moduleIntegrationTestRunner<DigitalDeliveryModuleService>({
  moduleName: DIGITAL_DELIVERY_MODULE,
  resolve: "./src/modules/digital-delivery",
  moduleOptions: { secret: SECRET, default_max_downloads: 3 },
  testSuite: ({ service }) => {
    async function fileAsset(overrides: Record<string, unknown> = {}) {
      return service.createFileAsset({
        file_id: "private-key-1",
        filename: "book.pdf",
        mime_type: "application/pdf",
        size: 1000,
        sha256: "ab".repeat(32),
        ...overrides,
      })
    }

    async function grantFor(assetId: string, extra: Record<string, unknown> = {}) {
      const [grant] = await service.issueGrants([
        { order_id: "order_1", line_item_id: `li_${Math.random()}`, asset_id: assetId, max_downloads: 3, ...extra },
      ])
      return grant
    }

    const consume = (grant: { id: string; token_version: number }, range: any = null, may_count = true) =>
      service.consumeDownload({ grant_id: grant.id, token_version: grant.token_version, range, may_count })

    describe("assets", () => {
      it("creates a file asset with its first version", async () => {
        const asset = await fileAsset()
        expect(asset).toEqual(expect.objectContaining({ kind: "file", version: 1, filename: "book.pdf", title: "book.pdf" }))
        const versions = await service.listDigitalAssetVersions({ asset_id: asset.id })
        expect(versions).toHaveLength(1)
        expect(versions[0]).toEqual(expect.objectContaining({ version: 1, file_id: "private-key-1" }))
      })

      it("replaces the file with a new version and can undo it", async () => {
        const asset = await fileAsset()
        const { asset: replaced, previous } = await service.replaceAssetFile(asset.id, {
          file_id: "private-key-2",
          filename: "book-v2.pdf",
          mime_type: "application/pdf",
          size: 2000,
        })
        expect(replaced).toEqual(expect.objectContaining({ version: 2, file_id: "private-key-2", filename: "book-v2.pdf" }))
        expect(Number(replaced.size)).toBe(2000)
        expect(await service.listDigitalAssetVersions({ asset_id: asset.id })).toHaveLength(2)

        await service.restoreAssetFile(asset.id, previous)
        const restored = await service.retrieveDigitalAsset(asset.id)
        expect(restored).toEqual(expect.objectContaining({ version: 1, file_id: "private-key-1" }))
        expect(await service.listDigitalAssetVersions({ asset_id: asset.id })).toHaveLength(1)
      })

      it("refuses to replace the file of an external link", async () => {
        const asset = await service.createDigitalAssets({
          title: "App",
          kind: "external_link",
          external_url: "https://example.com/app.dmg",
          filename: "app.dmg",
        })
        await expect(
          service.replaceAssetFile(asset.id, { file_id: "k", filename: "x", mime_type: "x/y", size: 1 })
        ).rejects.toThrow(/external link/)
      })
    })

    describe("grants", () => {
      it("issues one grant per (line item, asset), multiplying the limit by the quantity", async () => {
        const asset = await fileAsset()
        const line = { order_id: "order_1", line_item_id: "li_1", asset_id: asset.id, quantity: 2, max_downloads: 3 }
        const first = await service.issueGrants([line])
        expect(first).toHaveLength(1)
        expect(first[0].max_downloads).toBe(6)
        const again = await service.issueGrants([line, { ...line }])
        expect(again).toHaveLength(0)
        expect(await service.listDownloadGrants({ line_item_id: "li_1" })).toHaveLength(1)
      })

      it("issues concurrently without duplicates", async () => {
        const asset = await fileAsset()
        const line = { order_id: "order_2", line_item_id: "li_2", asset_id: asset.id, max_downloads: 3 }
        const results = await Promise.all(Array.from({ length: 10 }, () => service.issueGrants([line])))
        expect(results.flat()).toHaveLength(1)
      })

      it("keeps unlimited grants unlimited", async () => {
        const asset = await fileAsset()
        const grant = await grantFor(asset.id, { max_downloads: null, quantity: 3 })
        expect(grant.max_downloads).toBeNull()
      })
    })

    describe("consumeDownload", () => {
      it("counts full downloads up to the limit, then refuses", async () => {
        const asset = await fileAsset()
        const grant = await grantFor(asset.id)
        for (let i = 1; i <= 3; i++) {
          const r = await consume(grant)
          expect(r!.counted).toBe(true)
          expect(r!.download_count).toBe(i)
        }
        const over = await consume(grant)
        expect(over!.counted).toBe(false)
        expect(over!.download_count).toBe(3)
        expect((await service.retrieveDownloadGrant(grant.id)).download_count).toBe(3)
      })

      it("never passes the limit under concurrency", async () => {
        const asset = await fileAsset()
        const grant = await grantFor(asset.id, { max_downloads: 5 })
        const results = await Promise.all(Array.from({ length: 60 }, () => consume(grant)))
        expect(results.filter((r) => r!.counted)).toHaveLength(5)
        expect((await service.retrieveDownloadGrant(grant.id)).download_count).toBe(5)
      })

      it("does not count a resume within the window, even after the limit", async () => {
        const asset = await fileAsset()
        const grant = await grantFor(asset.id, { max_downloads: 1 })
        expect((await consume(grant))!.counted).toBe(true)
        const resume = await consume(grant, { start: 500, end: null })
        expect(resume!.counted).toBe(false)
        expect(resume!.grant.last_counted_at).not.toBeNull()
        expect((await service.retrieveDownloadGrant(grant.id)).download_count).toBe(1)
      })

      it("counts a Range request that starts past 0 when nothing was counted recently", async () => {
        const asset = await fileAsset()
        const grant = await grantFor(asset.id)
        const r = await consume(grant, { start: 500, end: null })
        expect(r!.counted).toBe(true)
      })

      it("counts a suffix range that covers the whole file as a full download", async () => {
        const asset = await fileAsset()
        const grant = await grantFor(asset.id)
        expect((await consume(grant))!.counted).toBe(true)
        expect((await consume(grant, { suffix: 5000 }))!.counted).toBe(true)
        expect((await consume(grant, { suffix: 10 }))!.counted).toBe(false)
      })

      it("does not count an unsatisfiable range or a HEAD", async () => {
        const asset = await fileAsset()
        const grant = await grantFor(asset.id)
        expect((await consume(grant, { start: 1000, end: null }))!.counted).toBe(false)
        expect((await consume(grant, null, false))!.counted).toBe(false)
        expect((await service.retrieveDownloadGrant(grant.id)).download_count).toBe(0)
      })

      it("refuses disabled, revoked, expired grants and old token versions", async () => {
        const asset = await fileAsset()
        const disabled = await grantFor(asset.id, { enabled: false })
        expect((await consume(disabled))!.counted).toBe(false)

        const revoked = await grantFor(asset.id)
        await service.updateDownloadGrants({ id: revoked.id, revoked_at: new Date() })
        expect((await consume(revoked))!.counted).toBe(false)

        const expired = await grantFor(asset.id, { expires_at: new Date(Date.now() - 1000) })
        expect((await consume(expired))!.counted).toBe(false)

        const relinked = await grantFor(asset.id)
        const [bumped] = await service.bumpTokenVersion([relinked.id])
        expect(bumped.token_version).toBe(2)
        expect((await consume(relinked))!.counted).toBe(false)
        expect((await consume(bumped))!.counted).toBe(true)
      })

      it("returns null for an unknown grant", async () => {
        expect(await consume({ id: "dgrant_nope", token_version: 1 })).toBeNull()
      })

      it("refunds a download", async () => {
        const asset = await fileAsset()
        const grant = await grantFor(asset.id)
        await consume(grant)
        await service.refundDownload(grant.id)
        expect((await service.retrieveDownloadGrant(grant.id)).download_count).toBe(0)
      })
    })

    describe("admin list", () => {
      it("filters by computed status and searches by email", async () => {
        const asset = await fileAsset()
        const active = await grantFor(asset.id, { email: "ann@example.com" })
        const exhausted = await grantFor(asset.id, { max_downloads: 1, email: "bob@example.com" })
        await consume(exhausted)
        const disabled = await grantFor(asset.id, { enabled: false, email: "cid@example.com" })
        const expired = await grantFor(asset.id, { expires_at: new Date(Date.now() - 1000) })
        const revoked = await grantFor(asset.id)
        await service.updateDownloadGrants({ id: revoked.id, revoked_at: new Date() })

        const ids = async (status: any) =>
          (await service.listGrantsForAdmin({ status: [status] }, { limit: 50, offset: 0 }))[0].map((g) => g.id)
        expect(await ids("active")).toEqual([active.id])
        expect(await ids("exhausted")).toEqual([exhausted.id])
        expect(await ids("disabled")).toEqual([disabled.id])
        expect(await ids("expired")).toEqual([expired.id])
        expect(await ids("revoked")).toEqual([revoked.id])

        const [rows, count] = await service.listGrantsForAdmin({ q: "BOB@" }, { limit: 50, offset: 0 })
        expect(count).toBe(1)
        expect(rows[0]).toEqual(expect.objectContaining({ id: exhausted.id, status: "exhausted", asset_filename: "book.pdf" }))
      })
    })

    describe("events and settings", () => {
      it("records download events in one insert", async () => {
        await service.recordDownloadEvents([
          { grant_id: "g1", outcome: "served", counted: true, bytes_sent: 5 * 1024 ** 3, ip: "127.0.0.1" },
          { grant_id: null, outcome: "invalid_link" },
        ])
        const events = await service.listDownloadEvents({}, { order: { created_at: "ASC" } })
        expect(events).toHaveLength(2)
        expect(events.map((e) => e.outcome).sort()).toEqual(["invalid_link", "served"])
        expect(Number(events.find((e) => e.outcome === "served")!.bytes_sent)).toBe(5 * 1024 ** 3)
      })

      it("creates the settings row from the plugin options once", async () => {
        const first = await service.getSettings()
        const second = await service.getSettings()
        expect(first.id).toBe(second.id)
        expect(first.default_max_downloads).toBe(3)
        expect(first.default_validity_days).toBe(30)
      })

      it("signs links it can verify, and only those", () => {
        const token = service.signGrantToken({ id: "dgrant_1", token_version: 4 })
        expect(service.verifyGrantToken(token)).toEqual({ id: "dgrant_1", version: 4, kind: "grant" })
        expect(service.verifyGrantToken(token.slice(0, -2) + "xx")).toBeNull()
        expect(service.grantDownloadUrl({ id: "dgrant_1", token_version: 4 })).toMatch(/^http:\/\/localhost:9000\/digital-downloads\/[\w-]+\.[\w-]+\.[\w-]+$/)
        expect(service.getOptions()).not.toHaveProperty("secret")
      })
    })
  },
})
