import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { DIGITAL_DELIVERY_MODULE } from ".."
import type DigitalDeliveryModuleService from "../service"

jest.setTimeout(60000)

const SECRET = "s".repeat(40)

moduleIntegrationTestRunner<DigitalDeliveryModuleService>({
  moduleName: DIGITAL_DELIVERY_MODULE,
  resolve: "./src/modules/digital-delivery",
  moduleOptions: { secret: SECRET, default_max_downloads: 3 },
  testSuite: ({ service, MikroOrmWrapper }) => {
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

    const admit = (grant: { id: string; token_version: number }, range: any = null, reserve = true, extra = {}) =>
      service.admitDownload({ grant_id: grant.id, token_version: grant.token_version, range, reserve, whole: false, ...extra })

    /** The grant's usage columns as numbers. */
    async function usage(grantId: string) {
      const g = await service.retrieveDownloadGrant(grantId)
      return { downloads_used: Number(g.downloads_used), reserved: Number(g.reserved), bytes_sent: Number(g.bytes_sent) }
    }

    /** Admits a request and settles it at once with `bytes` sent (all of its length by default). */
    async function download(grant: { id: string; token_version: number }, range: any = null, bytes?: number) {
      const a = await admit(grant, range)
      if (!a?.reservation) return false
      const sent = bytes ?? Math.round(Number(a.reservation) * a.asset.size!)
      await service.recordDownload(
        { grant_id: grant.id, outcome: "served", bytes_sent: sent },
        { grant_id: grant.id, reserved: a.reservation, bytes: sent, size: a.asset.size, whole: false }
      )
      await service.flushDownloadEvents()
      return true
    }

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

      it("records a release's label, notes and extra downloads; raising and lowering limits undo each other", async () => {
        const asset = await fileAsset()
        await service.replaceAssetFile(
          asset.id,
          { file_id: "private-key-2", filename: "book.pdf", mime_type: "application/pdf", size: 500, sha256: "cd".repeat(32) },
          { version_label: " 2.0 ", release_notes: "New chapter.\r\n\r\nFixes.", extra_downloads: 2 }
        )
        const [row] = await service.listDigitalAssetVersions({ asset_id: asset.id, version: 2 })
        expect(row).toEqual(expect.objectContaining({ version_label: "2.0", release_notes: "New chapter.\n\nFixes.", extra_downloads: 2 }))

        const live = await grantFor(asset.id)
        const unlimited = await grantFor(asset.id, { max_downloads: null })
        const expired = await grantFor(asset.id, { expires_at: new Date(Date.now() - 1000) })
        const raised = await service.raiseReleaseLimits(asset.id, 2, { type: "system" }, { reason: "release", version: 2 })
        expect(raised.grant_ids).toEqual([live.id])
        const limits = async () =>
          Object.fromEntries((await service.listDownloadGrants({ asset_id: asset.id })).map((g) => [g.id, g.max_downloads]))
        expect(await limits()).toEqual({ [live.id]: 5, [unlimited.id]: null, [expired.id]: 3 })
        expect(await service.listGrantActivities({ grant_id: live.id })).toEqual([
          expect.objectContaining({ action: "limit_changed", change: { from: 3, to: 5 } }),
        ])
        await service.lowerReleaseLimits({ ...raised, extra: 2 })
        expect(await limits()).toEqual({ [live.id]: 3, [unlimited.id]: null, [expired.id]: 3 })
        expect(await service.listGrantActivities({ grant_id: live.id })).toEqual([])
      })

      it("admits an earlier release only while the asset keeps it, with that release's file", async () => {
        const asset = await fileAsset()
        await service.replaceAssetFile(asset.id, { file_id: "private-key-2", filename: "book.pdf", mime_type: "application/pdf", size: 500 })
        const grant = await grantFor(asset.id)
        const off = await admit(grant, null, true, { release: 1 })
        expect([off?.release_missing, off?.reservation]).toEqual([true, null])
        await service.updateDigitalAssets({ id: asset.id, keep_earlier_releases: true })
        const on = await admit(grant, null, true, { release: 1 })
        expect([on?.release_missing, on?.asset.file_id, on?.asset.size, on?.asset.version, Number(on?.reservation)]).toEqual([false, "private-key-1", 1000, 1, 1])
        const unknown = await admit(grant, null, true, { release: 3 })
        expect([unknown?.release_missing, unknown?.reservation]).toEqual([true, null])
        const current = await admit(grant, null, false, { release: 2 })
        expect([current?.release_missing, current?.asset.file_id]).toEqual([false, "private-key-2"])
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

    describe("admission and settlement", () => {
      it("admits whole downloads up to the limit and charges each one copy, then refuses", async () => {
        const asset = await fileAsset()
        const grant = await grantFor(asset.id)
        for (let i = 1; i <= 3; i++) expect(await download(grant)).toBe(true)
        expect(await download(grant)).toBe(false)
        expect(await usage(grant.id)).toEqual({ downloads_used: 3, reserved: 0, bytes_sent: 3000 })
      })

      it("reserves what a request will send: a range costs its share of the file, rounded up to a millionth", async () => {
        const asset = await fileAsset({ size: 3 })
        const grant = await grantFor(asset.id)
        expect((await admit(grant, { start: 1, end: null }))!.reservation).toBe("0.666667")
        expect((await admit(grant, { suffix: 1 }))!.reservation).toBe("0.333334")
        expect((await admit(grant, { start: 0, end: 0 }))!.reservation).toBe("0.333334")
        expect((await usage(grant.id)).reserved).toBeCloseTo(1.333335, 6)
      })

      it("never admits past the limit under concurrency: reservations in flight count", async () => {
        const asset = await fileAsset()
        const grant = await grantFor(asset.id, { max_downloads: 5 })
        const results = await Promise.all(Array.from({ length: 60 }, () => admit(grant)))
        expect(results.filter((r) => r!.reservation)).toHaveLength(5)
        expect(await usage(grant.id)).toEqual({ downloads_used: 0, reserved: 5, bytes_sent: 0 })
      })

      it("charges what was sent and gives the rest of the reservation back", async () => {
        const asset = await fileAsset()
        const grant = await grantFor(asset.id, { max_downloads: 1 })
        expect(await download(grant, null, 100)).toBe(true) // aborted at 10 %
        expect(await usage(grant.id)).toEqual({ downloads_used: 0.1, reserved: 0, bytes_sent: 100 })
        expect(await download(grant)).toBe(true) // the whole file afterwards: still under the limit
        expect(await usage(grant.id)).toEqual({ downloads_used: 1.1, reserved: 0, bytes_sent: 1100 })
        expect(await download(grant, { start: 1, end: null })).toBe(false)
      })

      it("charges a resume of the second half 0.5, and the first half 0.5 more", async () => {
        const asset = await fileAsset()
        const grant = await grantFor(asset.id, { max_downloads: 1 })
        expect(await download(grant, { start: 500, end: null })).toBe(true)
        expect((await usage(grant.id)).downloads_used).toBe(0.5)
        expect(await download(grant, { start: 0, end: 499 })).toBe(true)
        expect(await usage(grant.id)).toEqual({ downloads_used: 1, reserved: 0, bytes_sent: 1000 })
      })

      it("charges a whole copy for a redirect, whatever the range", async () => {
        const asset = await fileAsset()
        const grant = await grantFor(asset.id)
        const a = await admit(grant, { start: 900, end: null }, true, { whole: true })
        expect(a!.reservation).toBe("1")
        await service.recordDownload(
          { grant_id: grant.id, outcome: "redirected" },
          { grant_id: grant.id, reserved: a!.reservation!, bytes: 0, size: 1000, whole: true }
        )
        await service.flushDownloadEvents()
        expect(await usage(grant.id)).toEqual({ downloads_used: 1, reserved: 0, bytes_sent: 0 })
      })

      it("settles several requests of one grant written in one batch", async () => {
        const asset = await fileAsset()
        const grant = await grantFor(asset.id, { max_downloads: 5 })
        const a = await Promise.all([admit(grant), admit(grant, { start: 0, end: 249 }), admit(grant)])
        const written = a.map((x, i) =>
          service.recordDownload(
            { grant_id: grant.id, outcome: "served" },
            { grant_id: grant.id, reserved: x!.reservation!, bytes: [1000, 250, 0][i], size: 1000, whole: false }
          )
        )
        await service.flushDownloadEvents()
        await Promise.all(written)
        expect(await usage(grant.id)).toEqual({ downloads_used: 1.25, reserved: 0, bytes_sent: 1250 })
      })

      it("a flush resolves only once every record queued before it is written, also those a flush already in flight took", async () => {
        const asset = await fileAsset()
        const grant = await grantFor(asset.id)
        const a = await admit(grant)
        // Another transaction holds the grant's row: the timer's flush, in flight, waits for it.
        const knex = MikroOrmWrapper.forkManager().getKnex()
        const lock = await knex.transaction()
        await lock.raw("SELECT 1 FROM download_grant WHERE id = ? FOR UPDATE", [grant.id])
        const recorded = service.recordDownload(
          { grant_id: grant.id, outcome: "served", bytes_sent: 1000 },
          { grant_id: grant.id, reserved: a!.reservation!, bytes: 1000, size: 1000, whole: false }
        )
        const inFlight = service.flushDownloadEvents()
        // A second flush (a usage reset calls one first) must not resolve before the first one's write.
        const second = service.flushDownloadEvents().then(() => "written")
        const early = await Promise.race([second, new Promise((r) => setTimeout(() => r("waiting"), 300))])
        await lock.commit()
        await Promise.all([inFlight, recorded, second])
        expect(early).toBe("waiting")
        expect(await usage(grant.id)).toEqual({ downloads_used: 1, reserved: 0, bytes_sent: 1000 })
      })

      it("reserves nothing for an unsatisfiable range, a read, or a file replaced since the preconditions were checked", async () => {
        const asset = await fileAsset()
        const grant = await grantFor(asset.id)
        expect((await admit(grant, { start: 1000, end: null }))!.reservation).toBeNull()
        expect((await admit(grant, { suffix: 0 }))!.reservation).toBeNull()
        expect((await admit(grant, null, false))!.reservation).toBeNull()
        expect((await admit(grant, null, true, { expected_version: 2 }))!.reservation).toBeNull()
        expect(await usage(grant.id)).toEqual({ downloads_used: 0, reserved: 0, bytes_sent: 0 })
      })

      it("refuses disabled, revoked, expired grants and old token versions", async () => {
        const asset = await fileAsset()
        const disabled = await grantFor(asset.id, { enabled: false })
        expect((await admit(disabled))!.reservation).toBeNull()

        const revoked = await grantFor(asset.id)
        await service.updateDownloadGrants({ id: revoked.id, revoked_at: new Date() })
        expect((await admit(revoked))!.reservation).toBeNull()

        const expired = await grantFor(asset.id, { expires_at: new Date(Date.now() - 1000) })
        expect((await admit(expired))!.reservation).toBeNull()

        const relinked = await grantFor(asset.id)
        const [bumped] = await service.bumpTokenVersion([relinked.id])
        expect(bumped.token_version).toBe(2)
        expect((await admit(relinked))!.reservation).toBeNull()
        expect((await admit(bumped))!.reservation).not.toBeNull()
      })

      it("returns null for an unknown grant", async () => {
        expect(await admit({ id: "dgrant_nope", token_version: 1 })).toBeNull()
      })
    })

    describe("admin list", () => {
      it("filters by computed status and searches by email", async () => {
        const asset = await fileAsset()
        const active = await grantFor(asset.id, { email: "ann@example.com" })
        const exhausted = await grantFor(asset.id, { max_downloads: 1, email: "bob@example.com" })
        await download(exhausted)
        const disabled = await grantFor(asset.id, { enabled: false, email: "cid@example.com" })
        const expired = await grantFor(asset.id, { expires_at: new Date(Date.now() - 1000) })
        const revoked = await grantFor(asset.id)
        await service.updateDownloadGrants({ id: revoked.id, revoked_at: new Date() })

        const ids = async (status: any) =>
          (await service.listGrants({ status: [status] }, { limit: 50, offset: 0 }))[0].map((g) => g.id)
        expect(await ids("active")).toEqual([active.id])
        expect(await ids("exhausted")).toEqual([exhausted.id])
        expect(await ids("disabled")).toEqual([disabled.id])
        expect(await ids("expired")).toEqual([expired.id])
        expect(await ids("revoked")).toEqual([revoked.id])

        const [rows, count] = await service.listGrants({ q: "BOB@" }, { limit: 50, offset: 0 })
        expect(count).toBe(1)
        expect(rows[0]).toEqual(expect.objectContaining({ id: exhausted.id, status: "exhausted", asset_filename: "book.pdf" }))
      })
    })

    describe("a grant's history", () => {
      const admin = { type: "user" as const, id: "user_1", email: "admin@example.com" }

      it("writes a change and its entries together; an entry that cannot be written undoes the change", async () => {
        const grant = await grantFor((await fileAsset()).id)
        await service.updateGrantsRecorded([{ id: grant.id, max_downloads: 7 }], admin)
        expect((await service.retrieveDownloadGrant(grant.id)).max_downloads).toBe(7)

        // actor_type is NOT NULL: the entry's insert fails after the update ran, in the same transaction
        const broken = { type: null } as unknown as typeof admin
        await expect(service.updateGrantsRecorded([{ id: grant.id, max_downloads: 9, enabled: false }], broken)).rejects.toThrow()
        const after = await service.retrieveDownloadGrant(grant.id)
        expect([after.max_downloads, after.enabled]).toEqual([7, true])
        await expect(service.bumpTokenVersionRecorded([grant.id], broken)).rejects.toThrow()
        expect((await service.retrieveDownloadGrant(grant.id)).token_version).toBe(grant.token_version)

        const entries = await service.listGrantActivities({ grant_id: grant.id })
        expect(entries.map((e) => [e.action, e.actor_email, e.change])).toEqual([["limit_changed", "admin@example.com", { from: 3, to: 7 }]])
      })

      it("lists downloads and actions as one timeline, newest first, in keyset pages", async () => {
        const grant = await grantFor((await fileAsset()).id)
        // a few milliseconds apart, so the times order the entries as the calls were made
        const tick = () => new Promise((r) => setTimeout(r, 5))
        await download(grant)
        await tick()
        await service.updateGrantsRecorded([{ id: grant.id, enabled: false }], admin)
        await tick()
        await service.recordDownloadEvents([{ grant_id: grant.id, outcome: "disabled" }])
        await tick()
        await service.bumpTokenVersionRecorded([grant.id], { type: "system" })
        const all = await service.listGrantTimeline(grant.id, { limit: 10 })
        expect(all.next_cursor).toBeNull()
        expect(all.entries.map((e) => (e.kind === "download" ? e.outcome : e.action))).toEqual(["link_regenerated", "disabled", "disabled", "served"])
        expect(all.entries.map((e) => e.kind)).toEqual(["activity", "download", "activity", "download"])

        const first = await service.listGrantTimeline(grant.id, { limit: 3 })
        const second = await service.listGrantTimeline(grant.id, { limit: 3, cursor: first.next_cursor! })
        expect([...first.entries, ...second.entries].map((e) => e.id)).toEqual(all.entries.map((e) => e.id))
        expect(second.next_cursor).toBeNull()
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
