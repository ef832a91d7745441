import { Modules } from "@medusajs/framework/utils"
import { eventually } from "../helpers/files"
import { httpSuite } from "../helpers/harness"
import { capture, checkout, createDigitalProduct } from "../helpers/store"

/**
 * Update emails to past buyers (issue 17): a campaign per release, one email
 * per address, sent by the campaign job within the throttle, retried, paused,
 * cancelled; one-click unsubscribe (RFC 8058) and the hosted confirm page.
 */
httpSuite(
  {
    store: true,
    fakeResend: true,
    // Failed sends are retried twice, at once (the default waits minutes).
    env: { DD_TEST_UPDATE_CAMPAIGNS: JSON.stringify({ retry_delays_seconds: [0, 0], batch_size: 50 }) },
  },
  (app) => {
    const { api, admin } = app
    const FORM = { "content-type": "application/x-www-form-urlencoded" }

    const service = () => app.container().resolve<any>("digital_delivery")
    /** One run of the campaign job (as the scheduler runs it). */
    const runJob = async () => {
      const { result } = await app.container().resolve(Modules.WORKFLOW_ENGINE).run("job-digital-delivery-update-campaigns", { input: {} })
      return result as { claimed: number; sent: number; failed: number }
    }
    const updateEmails = () => app.fake.sent.filter((e) => /is available|version/i.test(e.body.subject ?? "") && e.body.headers?.["List-Unsubscribe"])
    const updateEmailsTo = (to: string) => updateEmails().filter((e) => [e.body.to].flat().includes(to))
    const start = (assetId: string, body: Record<string, unknown> = {}) => api.post(`/admin/digital-assets/${assetId}/update-campaigns`, body, admin)
    const campaign = async (id: string) => (await api.get(`/admin/digital-delivery/update-campaigns/${id}`, admin)).data.update_campaign
    const fail = (p: Promise<any>) => p.then(() => { throw new Error("expected an error status") }, (e: any) => e.response)
    const unsubscribeUrl = (text: string) => app.link(/https?:\/\/\S+\/digital-downloads\/unsubscribe\/\S+/.exec(text)![0])
    const past = new Date(Date.now() - 86_400_000)

    async function assetWithRelease(name: string, release: { version_label?: string; release_notes?: string } = {}) {
      const asset = await app.upload(`bytes of ${name}`, name)
      const [version] = await service().listDigitalAssetVersions({ asset_id: asset.id, version: 1 })
      await service().updateDigitalAssetVersions({ id: version.id, ...release })
      return asset
    }

    describe("who gets an update email", () => {
      it("one email per address however many grants it holds; revoked and expired grants excluded; the setting includes expired ones", async () => {
        const asset = await assetWithRelease("Manual.pdf", { version_label: "2.1.0", release_notes: "Faster search.\n\nDetails: https://example.com/changes" })
        await app.issueGrants([{ asset_id: asset.id, email: "twice@example.com" }])
        await app.issueGrants([{ asset_id: asset.id, email: "Twice@Example.com" }])
        await app.issueGrants([{ asset_id: asset.id, email: "once@example.com" }])
        const [revoked] = await app.issueGrants([{ asset_id: asset.id, email: "revoked@example.com" }])
        await api.post(`/admin/download-grants/${revoked.id}/revoke`, {}, admin)
        await app.issueGrants([{ asset_id: asset.id, email: "expired@example.com", expires_at: past }])

        const audience = await api.get(`/admin/digital-assets/${asset.id}/update-audience`, admin)
        expect(audience.data).toEqual({ recipients: 2, include_expired: false })
        expect((await api.get(`/admin/digital-assets/${asset.id}/update-audience?include_expired=true`, admin)).data.recipients).toBe(3)

        const started = await start(asset.id)
        expect(started.status).toBe(201)
        expect(started.data.update_campaign).toMatchObject({ asset_id: asset.id, version: 1, status: "sending", counts: { recipients: 2, queued: 2 } })
        await runJob()
        expect(updateEmails().map((e) => e.body.to).sort()).toEqual(["once@example.com", "twice@example.com"])

        const email = updateEmailsTo("twice@example.com")[0]
        expect(email.body.subject).toContain("2.1.0")
        expect(email.body.text).toContain("Faster search.")
        expect(email.body.text).toContain("Manual.pdf")
        expect(email.body.html).toContain('<a href="https://example.com/changes"')
        // RFC 8058 headers, through the Resend provider, and one Resend idempotency key per recipient row.
        expect(email.body.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click")
        expect(email.body.headers["List-Unsubscribe"]).toMatch(/^<http:\/\/localhost:9000\/digital-downloads\/unsubscribe\/[\w.-]+>$/)
        expect(email.body.text).toContain(email.body.headers["List-Unsubscribe"].slice(1, -1))
        expect(email.idempotencyKey).toMatch(/^digital-delivery:update:dcrcp_\w+$/)

        await runJob()
        expect(updateEmails()).toHaveLength(2)
        expect(await campaign(started.data.update_campaign.id)).toMatchObject({ status: "completed", counts: { sent: 2, queued: 0 } })

        // Starting the release's campaign again sends nobody twice; with the setting, the expired buyer is added.
        const again = await start(asset.id)
        expect(again.status).toBe(200)
        expect(again.data.recorded).toBe(0)
        await api.post("/admin/digital-delivery/settings", { update_include_expired: true }, admin)
        expect((await api.get(`/admin/digital-assets/${asset.id}/update-audience`, admin)).data).toEqual({ recipients: 3, include_expired: true })
        expect((await start(asset.id)).data.recorded).toBe(1)
        await runJob()
        expect(updateEmails().map((e) => e.body.to).sort()).toEqual(["expired@example.com", "once@example.com", "twice@example.com"])
      })

      it("a release published with notify starts its campaign; without notify, none", async () => {
        const asset = await assetWithRelease("Notes.pdf")
        await app.issueGrants([{ asset_id: asset.id, email: "reader@example.com" }])
        const bus = app.container().resolve(Modules.EVENT_BUS)
        await bus.emit({ name: "digital_delivery.release_published", data: { asset_id: asset.id, version: 1, notify: false } })
        await new Promise((r) => setTimeout(r, 500))
        expect(await service().listUpdateCampaigns({ asset_id: asset.id })).toHaveLength(0)

        await bus.emit({ name: "digital_delivery.release_published", data: { asset_id: asset.id, version: 1, notify: true } })
        await bus.emit({ name: "digital_delivery.release_published", data: { asset_id: asset.id, version: 1, notify: true } })
        const [made] = await eventually(async () => {
          const list = await service().listUpdateCampaigns({ asset_id: asset.id })
          expect(list).toHaveLength(1)
          return list
        })
        expect(made.started_by).toBe("release")
        await runJob()
        expect(updateEmailsTo("reader@example.com")).toHaveLength(1)
        expect(updateEmailsTo("reader@example.com")[0].body.subject).toBe(`${asset.title}: version 1 is available`)
      })
    })

    describe("unsubscribe", () => {
      it("one-click POST (RFC 8058) and the page's button unsubscribe; GET changes nothing; the next campaign skips them; delivery emails still go", async () => {
        const product = await createDigitalProduct(api, admin, app.baseURL, app.store, [{ name: "Course.pdf", content: "course v1" }])
        const assetId = product.assets[0].id
        const buyers = ["click@example.com", "page@example.com", "stays@example.com"]
        for (const email of buyers) {
          const order = await checkout(api, app.store, { email, items: [{ variant_id: product.variantId }] })
          await capture(api, admin, order.id)
        }
        await eventually(async () => expect(app.fake.sent.filter((e) => /order/i.test(e.body.subject))).toHaveLength(3), 20_000)

        await start(assetId)
        await runJob()
        expect(updateEmails()).toHaveLength(3)
        expect(updateEmailsTo("click@example.com")[0].body.subject).toMatch(/^Digital \w+: version 1 is available$/)

        // One click, as a mailbox provider posts it: no Origin, no cookie.
        const clickUrl = unsubscribeUrl(updateEmailsTo("click@example.com")[0].body.text)
        const scanned = await fetch(clickUrl)
        expect(scanned.status).toBe(200)
        const page = await scanned.text()
        expect(page).toContain("click@example.com")
        expect(page).toMatch(/<form method="post"[^>]*>\s*<input type="hidden" name="confirm" value="1">/)
        expect(await service().isEmailUnsubscribed("click@example.com")).toBe(false)
        const oneClick = await fetch(clickUrl, { method: "POST", headers: FORM, body: "List-Unsubscribe=One-Click" })
        expect(oneClick.status).toBe(200)
        expect(await oneClick.json()).toEqual({ unsubscribed: true })

        // The page's button: refused from another site, accepted from the page itself.
        const pageUrl = unsubscribeUrl(updateEmailsTo("page@example.com")[0].body.text)
        const forged = await fetch(pageUrl, { method: "POST", headers: { ...FORM, origin: "https://evil.example", "sec-fetch-site": "cross-site" }, body: "confirm=1" })
        expect(forged.status).toBe(403)
        expect(await service().isEmailUnsubscribed("page@example.com")).toBe(false)
        const confirmed = await fetch(pageUrl, { method: "POST", headers: { ...FORM, "sec-fetch-site": "same-origin" }, body: "confirm=1" })
        expect(confirmed.status).toBe(200)
        expect(await confirmed.text()).toContain("data-unsubscribed")
        expect(await service().isEmailUnsubscribed("page@example.com")).toBe(true)

        // A forged token is no link of ours.
        expect((await fetch(pageUrl.replace(/.{4}$/, "AAAA"))).status).toBe(404)

        // A new release: only the address still subscribed gets its email.
        const v2 = await service().replaceAssetFile(assetId, { file_id: "unused", filename: "Course.pdf", mime_type: "application/pdf", size: 9 })
        const second = await start(assetId, { version: v2.asset.version })
        expect(second.status).toBe(201)
        expect(second.data.update_campaign.counts).toMatchObject({ recipients: 3, queued: 1, unsubscribed: 2 })
        await runJob()
        expect(updateEmailsTo("stays@example.com")).toHaveLength(2)
        expect(updateEmailsTo("click@example.com")).toHaveLength(1)
        expect(updateEmailsTo("page@example.com")).toHaveLength(1)

        // Delivery emails are transactional: an unsubscribed buyer's next order is still delivered by email.
        const before = app.emailsTo("click@example.com").length
        const order = await checkout(api, app.store, { email: "click@example.com", items: [{ variant_id: product.variantId }] })
        await capture(api, admin, order.id)
        await eventually(async () => expect(app.emailsTo("click@example.com")).toHaveLength(before + 1), 20_000)
        expect(app.emailsTo("click@example.com").at(-1)!.body.headers?.["List-Unsubscribe"]).toBeUndefined()
      })
    })

    describe("sending: throttle, retries, pause, cancel", () => {
      it("sends at most the store's emails per minute, across job runs", async () => {
        const asset = await assetWithRelease("Throttle.pdf")
        for (let i = 0; i < 5; i++) await app.issueGrants([{ asset_id: asset.id, email: `t${i}@example.com` }])
        await api.post("/admin/digital-delivery/settings", { update_emails_per_minute: 2 }, admin)
        await start(asset.id)
        // (Totals, not one run's count: the scheduler's own run may come in between; the window holds for both.)
        await runJob()
        expect(updateEmails()).toHaveLength(2)
        expect((await runJob()).claimed).toBe(0)
        expect(updateEmails()).toHaveLength(2)
        await api.post("/admin/digital-delivery/settings", { update_emails_per_minute: 4 }, admin)
        await runJob()
        expect(updateEmails()).toHaveLength(4)
        expect((await runJob()).claimed).toBe(0)
        await api.post("/admin/digital-delivery/settings", { update_emails_per_minute: null }, admin)
        await runJob()
        expect(new Set(updateEmails().map((e) => e.body.to)).size).toBe(5)
        expect(updateEmails()).toHaveLength(5)
      })

      it("a failing provider: each email is tried three times, then listed as failed; retry failed sends them once", async () => {
        const asset = await assetWithRelease("Retry.pdf")
        for (const email of ["r1@example.com", "r2@example.com"]) await app.issueGrants([{ asset_id: asset.id, email }])
        const { data } = await start(asset.id)
        const id = data.update_campaign.id
        app.fake.failNext(6, { status: 500 })
        for (let run = 0; run < 3; run++) await runJob()
        expect(app.fake.requests.filter((r) => r.status === 500)).toHaveLength(6)
        expect(updateEmails()).toHaveLength(0)
        expect((await campaign(id)).counts).toMatchObject({ failed: 2, queued: 0, sent: 0 })
        const failed = await api.get(`/admin/digital-delivery/update-campaigns/${id}/recipients?status=failed`, admin)
        expect(failed.data.recipients.map((r: any) => [r.email, r.attempts]).sort()).toEqual([
          ["r1@example.com", 3],
          ["r2@example.com", 3],
        ].sort())
        expect(failed.data.recipients[0].last_error).toMatch(/500|internal_server_error/)

        const retried = await api.post(`/admin/digital-delivery/update-campaigns/${id}`, { action: "retry_failed" }, admin)
        expect(retried.data.update_campaign).toMatchObject({ status: "sending", counts: { queued: 2, failed: 0 } })
        await runJob()
        await runJob()
        expect(updateEmails().map((e) => e.body.to).sort()).toEqual(["r1@example.com", "r2@example.com"])
        expect((await campaign(id)).counts).toMatchObject({ sent: 2, failed: 0 })
      })

      it("a paused campaign sends nothing until resumed; a cancelled one never; a wrong action is a 400 naming it", async () => {
        const asset = await assetWithRelease("Pause.pdf")
        for (const email of ["p1@example.com", "p2@example.com"]) await app.issueGrants([{ asset_id: asset.id, email }])
        const id = (await start(asset.id)).data.update_campaign.id
        const act = (action: string) => api.post(`/admin/digital-delivery/update-campaigns/${id}`, { action }, admin)
        expect((await act("pause")).data.update_campaign.status).toBe("paused")
        await runJob()
        expect(updateEmails()).toHaveLength(0)
        expect((await act("resume")).data.update_campaign.status).toBe("sending")
        await runJob()
        expect(updateEmails()).toHaveLength(2)

        const other = await assetWithRelease("Cancel.pdf")
        await app.issueGrants([{ asset_id: other.id, email: "c1@example.com" }])
        const cid = (await start(other.id)).data.update_campaign.id
        const cancelled = await api.post(`/admin/digital-delivery/update-campaigns/${cid}`, { action: "cancel" }, admin)
        expect(cancelled.data.update_campaign).toMatchObject({ status: "cancelled", counts: { queued: 1 } })
        await runJob()
        expect(updateEmailsTo("c1@example.com")).toHaveLength(0)
        const refused = await fail(api.post(`/admin/digital-delivery/update-campaigns/${cid}`, { action: "resume" }, admin))
        expect(refused.status).toBe(400)
        expect(refused.data.message).toMatch(/^action: cannot resume a campaign that is cancelled/)
      })
    })

    describe("bad input", () => {
      it("answers 400 naming the field", async () => {
        const asset = await assetWithRelease("Bad.pdf")
        const cases: [Promise<any>, string][] = [
          [start(asset.id, { version: "2" }), "version"],
          [start(asset.id, { version: 0 }), "version"],
          [start(asset.id, { versions: 1 }), "versions"],
          [api.get(`/admin/digital-assets/${asset.id}/update-audience?include_expired=maybe`, admin), "include_expired"],
          [api.post("/admin/digital-delivery/update-campaigns/dcamp_x", { action: "explode" }, admin), "action"],
          [api.post("/admin/digital-delivery/settings", { update_emails_per_minute: 0 }, admin), "update_emails_per_minute"],
          [api.post("/admin/digital-delivery/settings", { update_include_expired: "yes" }, admin), "update_include_expired"],
          [api.get("/admin/digital-delivery/update-campaigns?limit=0", admin), "limit"],
        ]
        for (const [request, field] of cases) {
          const res = await fail(request)
          expect([field, res.status]).toEqual([field, 400])
          expect(res.data.message).toContain(field)
        }
        const noRelease = await fail(start(asset.id, { version: 9 }))
        expect(noRelease.status).toBe(400)
        expect(noRelease.data.message).toMatch(/^version: .* has no release 9/)
        const template = await fail(api.post("/admin/digital-delivery/settings", { templates: { update: { fr: { body: "{ProductName} {OrderID}" } } } }, admin))
        expect(template.status).toBe(400)
        expect(template.data.message).toMatch(/templates\.update\.fr\.body: unknown placeholder \{OrderID\}/)
        expect((await fail(api.get("/admin/digital-delivery/update-campaigns/dcamp_missing", admin))).status).toBe(404)
      })
    })

    describe("the update template", () => {
      it("is saved per language beside the delivery template, previewed and test-sent", async () => {
        await api.post(
          "/admin/digital-delivery/settings",
          { templates: { update: { fr: { subject: "Nouveau : {ProductName} {Version}", body: "Bonjour {ClientName}\n\n{ReleaseNotes}\n\n{DLFILES}\n\n{UnsubscribeURL}" } } } },
          admin
        )
        // The delivery editor saves its own templates only: the update template stays.
        const saved = await api.post("/admin/digital-delivery/settings", { templates: { en: { subject: "Files for {OrderID}" } } }, admin)
        expect(saved.data.settings.templates.update.fr.subject).toBe("Nouveau : {ProductName} {Version}")
        expect(Object.keys(saved.data.update_placeholders)).toEqual(
          expect.arrayContaining(["ProductName", "Version", "ReleaseNotes", "DLFILES", "ClientName", "StoreName", "UnsubscribeURL"])
        )

        const preview = await api.post("/admin/digital-delivery/settings/preview", { kind: "update", locale: "fr" }, admin)
        expect(preview.data.preview.subject).toBe("Nouveau : The Book Second edition")
        expect(preview.data.preview.text).toContain("Two new chapters")
        expect(preview.data.preview.html).toContain("Se désabonner")

        const sent = await api.post("/admin/digital-delivery/settings/send-test", { kind: "update", locale: "en", to: "merchant@example.com" }, admin)
        expect(sent.data.email.status).toBe("sent")
        expect(app.emailsTo("merchant@example.com")[0].body.subject).toBe("[TEST] The Book: Second edition is available")
      })
    })
  }
)
