import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import crypto from "crypto"
import fs from "fs"
import jwt from "jsonwebtoken"
import { loginAsAdmin } from "../helpers/admin"
import { startFakeResend, type FakeResend } from "../helpers/fake-resend"
import { download, eventually } from "../helpers/files"
import { capture, checkout, createDigitalProduct, paymentsOf, registerCustomer, setupStore, type Store } from "../helpers/store"
import { readZip } from "../helpers/zip"
import { LINK_SECRET, RESEND_TEST_KEY } from "../host/constants"

jest.setTimeout(180_000)

const sha = (b: Buffer | string) => crypto.createHash("sha256").update(b).digest("hex")

let fake: FakeResend

medusaIntegrationTestRunner({
  cwd: `${__dirname}/../host`,
  hooks: {
    beforeServerStart: async () => {
      fake = await startFakeResend({ apiKey: RESEND_TEST_KEY })
      process.env.RESEND_BASE_URL = fake.url
    },
  },
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let baseURL: string
    let store: Store
    const pdf = crypto.randomBytes(300_000)
    const epub = crypto.randomBytes(120_000)

    beforeAll(async () => {
      admin = await loginAsAdmin(api, getContainer())
      baseURL = (api as any).defaults.baseURL
      store = await setupStore(api, admin)
    })

    beforeEach(() => fake.reset())
    afterAll(async () => fake?.close())

    const local = (url: string) => baseURL + new URL(url).pathname + new URL(url).search
    const grantsOf = async (orderId: string) =>
      (await api.get(`/admin/orders/${orderId}/digital-delivery`, admin)).data
    const emailsTo = (to: string) => fake.sent.filter((e) => [e.body.to].flat().includes(to))
    const linksIn = (text: string) => [...text.matchAll(/https?:\/\/\S+\/digital-downloads\/\S+/g)].map((m) => m[0])

    it("delivers a guest's paid order: grants, one email with working links, the order page and its ZIP", async () => {
      const product = await createDigitalProduct(api, admin, baseURL, store, [
        { name: "Guide.pdf", content: pdf },
        { name: "Guide.epub", content: epub },
      ])
      const order = await checkout(api, store, { email: "guest@example.com", items: [{ variant_id: product.variantId, quantity: 2 }] })

      // Placed but only authorized: nothing yet.
      await new Promise((r) => setTimeout(r, 500))
      expect((await grantsOf(order.id)).download_grants).toHaveLength(0)
      expect(emailsTo("guest@example.com")).toHaveLength(0)

      await capture(api, admin, order.id)
      const delivery = await eventually(async () => {
        const d = await grantsOf(order.id)
        expect(d.download_grants).toHaveLength(2)
        expect(d.emails).toEqual([expect.objectContaining({ status: "success" })])
        return d
      }, 15_000)
      for (const grant of delivery.download_grants) {
        expect(grant).toEqual(expect.objectContaining({ status: "active", max_downloads: 6, email: "guest@example.com" }))
        const days = (new Date(grant.expires_at).getTime() - Date.now()) / 86_400_000
        expect(days).toBeGreaterThan(29)
        expect(days).toBeLessThanOrEqual(30)
      }

      const [email] = emailsTo("guest@example.com")
      expect(emailsTo("guest@example.com")).toHaveLength(1)
      expect(email.body.from).toBe("Digital Store <store@example.com>")
      expect(email.body.subject).toBe(`Your downloads for order #${order.display_id}`)
      expect(email.headers["idempotency-key"]).toMatch(/^digital-delivery:delivery:/)
      const text = email.body.text as string
      const html = email.body.html as string
      expect(text).toContain("Hello Ada Lovelace,")
      expect(text).toMatch(/- Guide\.pdf \(293 KB, 6 downloads left\): http/)
      expect(text).not.toMatch(/\{[A-Za-z]+\}/)
      expect(html).toContain("Guide.epub")
      expect(html).not.toMatch(/\{[A-Za-z]+\}/)

      // The emailed links work.
      const links = linksIn(text)
      const fileLinks = links.filter((l) => !l.includes("/orders/"))
      expect(fileLinks).toHaveLength(2)
      const got = await Promise.all(fileLinks.map((l) => download(local(l))))
      expect(got.map((g) => g.sha256).sort()).toEqual([sha(pdf), sha(epub)].sort())

      // The order page lists both files; its ZIP holds both, intact.
      const orderPage = links.find((l) => l.includes("/orders/"))!
      const page = await fetch(local(orderPage), { headers: { "accept-language": "pl" } })
      expect(page.status).toBe(200)
      const pageHtml = await page.text()
      expect(pageHtml).toContain("Twoje pliki")
      expect(pageHtml).toContain("Guide.pdf")
      expect(pageHtml).toContain("Pobierz wszystko (ZIP)")
      const zipRes = await fetch(local(orderPage) + "/zip")
      expect(zipRes.status).toBe(200)
      expect(zipRes.headers.get("content-type")).toBe("application/zip")
      const zipBody = Buffer.from(await zipRes.arrayBuffer())
      expect(zipRes.headers.get("content-length")).toBe(String(zipBody.length))
      const entries = await readZip(zipBody)
      expect(entries.map((e) => [e.name, e.sha256]).sort()).toEqual(
        [["Guide.epub", sha(epub)], ["Guide.pdf", sha(pdf)]].sort()
      )
      // Each file in the ZIP is one copy: 1 direct + 1 zip (settled just after the response ends).
      await eventually(async () => {
        const after = await grantsOf(order.id)
        expect(after.download_grants.map((g: any) => g.downloads_used)).toEqual([2, 2])
      })
    })

    it("delivers once when order.placed and payment.captured arrive together, twice each", async () => {
      const product = await createDigitalProduct(api, admin, baseURL, store, [{ name: "Once.pdf", content: pdf }])
      const order = await checkout(api, store, { email: "twice@example.com", items: [{ variant_id: product.variantId }] })
      // Capture without the workflow (no event), then fire every event at once.
      const paymentModule = getContainer().resolve(Modules.PAYMENT)
      const [payment] = await paymentsOf(api, admin, order.id)
      await paymentModule.capturePayment({ payment_id: payment.id })
      const bus = getContainer().resolve(Modules.EVENT_BUS)
      const engine = getContainer().resolve(Modules.WORKFLOW_ENGINE)
      await Promise.all([
        bus.emit({ name: "order.placed", data: { id: order.id } }),
        bus.emit({ name: "payment.captured", data: { id: payment.id } }),
        bus.emit({ name: "order.placed", data: { id: order.id } }),
        bus.emit({ name: "payment.captured", data: { id: payment.id } }),
        engine.run("deliver-order", { input: { order_id: order.id } }),
        engine.run("deliver-order", { input: { order_id: order.id } }),
      ])
      await eventually(async () => expect(emailsTo("twice@example.com")).toHaveLength(1), 10_000)
      await new Promise((r) => setTimeout(r, 1000))
      expect(emailsTo("twice@example.com")).toHaveLength(1)
      const d = await grantsOf(order.id)
      expect(d.download_grants).toHaveLength(1)
      expect(d.emails).toHaveLength(1)
    })

    it("a buyer's name is text in the delivery email: never a link, never a new line", async () => {
      const product = await createDigitalProduct(api, admin, baseURL, store, [{ name: "Hostile.pdf", content: epub }])
      const order = await checkout(api, store, {
        email: "hostile-name@example.com",
        items: [{ variant_id: product.variantId }],
        billing: { first_name: 'Eve https://evil.example/x <a href="https://evil.example">x</a>', last_name: "Doe\n- Hostile.pdf: https://evil.example/y" },
      })
      await capture(api, admin, order.id)
      const email = await eventually(async () => {
        const [e] = emailsTo("hostile-name@example.com")
        expect(e).toBeDefined()
        return e
      }, 15_000)
      const html = email.body.html as string
      const text = email.body.text as string
      // HTML: the name escaped, no link or bare URL from it; the plugin's two links (file, order page) only.
      expect(html).toContain("&#60;a href=")
      expect(html).not.toMatch(/<a\b[^>]*evil/i)
      expect(html).not.toContain("https://evil.example")
      const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1])
      expect(hrefs).toHaveLength(2)
      for (const href of hrefs) expect(href).toMatch(/^http:\/\/localhost:\d+\/digital-downloads\//)
      // Text: the name as typed, on the greeting line only; the file lines are the plugin's.
      expect(text).toContain('Hello Eve https://evil.example/x <a href="https://evil.example">x</a> Doe - Hostile.pdf: https://evil.example/y,')
      expect(text.split("\n").filter((l) => l.startsWith("- "))).toEqual([expect.stringMatching(/^- Hostile\.pdf \(.*\): http:\/\/localhost:\d+\/digital-downloads\//)])
    })

    it("registered customers get no secret by email; the library needs a login and hands short-lived links", async () => {
      const product = await createDigitalProduct(api, admin, baseURL, store, [{ name: "Members.pdf", content: pdf }])
      const token = await registerCustomer(api, store, "member@example.com", "members-only-1")
      const order = await checkout(api, store, {
        email: "member@example.com",
        customerToken: token,
        locale: "fr-FR",
        items: [{ variant_id: product.variantId }],
      })
      await capture(api, admin, order.id)
      const email = await eventually(async () => {
        const [e] = emailsTo("member@example.com")
        expect(e).toBeDefined()
        return e
      }, 15_000)
      expect(email.body.subject).toBe(`Vos téléchargements pour la commande #${order.display_id}`)
      expect(email.body.text).toContain("Bonjour Grace Hopper,")
      const links = linksIn(email.body.text)
      expect(links).toEqual(links.map(() => "http://localhost:9000/digital-downloads/library"))
      expect(email.body.text + email.body.html).not.toMatch(/eyJ/) // no JWT anywhere

      // The library asks for a login first.
      const anonymous = await fetch(`${baseURL}/digital-downloads/library`, { redirect: "manual" })
      expect(anonymous.status).toBe(302)
      expect(anonymous.headers.get("location")).toMatch(/\/digital-downloads\/login/)
      const badLogin = await fetch(`${baseURL}/digital-downloads/login`, {
        method: "POST",
        body: new URLSearchParams({ email: "member@example.com", password: "wrong" }),
        redirect: "manual",
      })
      expect(badLogin.status).toBe(401)
      const login = await fetch(`${baseURL}/digital-downloads/login`, {
        method: "POST",
        body: new URLSearchParams({ email: "member@example.com", password: "members-only-1", next: "/digital-downloads/library" }),
        redirect: "manual",
      })
      expect(login.status).toBe(303)
      const cookie = login.headers.get("set-cookie")!.split(";")[0]
      const library = await fetch(`${baseURL}/digital-downloads/library`, { headers: { cookie } })
      const libraryHtml = await library.text()
      expect(libraryHtml).toContain("Members.pdf")
      const href = /href="(\/digital-downloads\/library\/download\/[^"]+)"/.exec(libraryHtml)![1]
      const handoff = await fetch(baseURL + href, { headers: { cookie }, redirect: "manual" })
      expect(handoff.status).toBe(303)
      const shortLink = handoff.headers.get("location")!
      expect((await download(local(shortLink))).sha256).toBe(sha(pdf))
      // Without the session the hand-off refuses.
      expect((await fetch(baseURL + href, { redirect: "manual" })).status).toBe(302)

      // Store API: the customer's own grants, and short-lived links that expire.
      const storeAuth = { headers: { ...store.storeHeaders.headers, authorization: `Bearer ${token}` } }
      const mine = await eventually(async () => {
        const res = await api.get("/store/digital-downloads", storeAuth)
        expect(res.data.digital_downloads).toHaveLength(1)
        expect(res.data.digital_downloads[0]).toEqual(
          expect.objectContaining({ status: "active", remaining_downloads: 2, file: expect.objectContaining({ filename: "Members.pdf" }) })
        )
        return res
      })
      const link = await api.post(`/store/digital-downloads/${mine.data.digital_downloads[0].id}/link`, {}, storeAuth)
      const ttl = new Date(link.data.expires_at).getTime() - Date.now()
      expect(ttl).toBeGreaterThan(9 * 60_000)
      expect(ttl).toBeLessThanOrEqual(10 * 60_000)
      expect((await download(local(link.data.url), {}, "HEAD")).status).toBe(200)
      const claims = jwt.decode(new URL(link.data.url).pathname.split("/").pop()!) as any
      const expired = jwt.sign({ v: claims.v, exp: Math.floor(Date.now() / 1000) - 1 }, LINK_SECRET, {
        algorithm: "HS256",
        subject: claims.sub,
        audience: claims.aud,
      })
      expect((await fetch(`${baseURL}/digital-downloads/${expired}`)).status).toBe(404)

      // Another customer sees nothing of it and cannot get a link.
      const other = await registerCustomer(api, store, "other@example.com", "someone-else-1")
      const otherAuth = { headers: { ...store.storeHeaders.headers, authorization: `Bearer ${other}` } }
      expect((await api.get("/store/digital-downloads", otherAuth)).data.digital_downloads).toHaveLength(0)
      const stolen = await api
        .post(`/store/digital-downloads/${mine.data.digital_downloads[0].id}/link`, {}, otherAuth)
        .catch((e: any) => e.response)
      expect(stolen.status).toBe(404)
      expect((await api.get("/store/digital-downloads", store.storeHeaders).catch((e: any) => e.response)).status).toBe(401)
    })

    it("with the manual trigger, waits for the merchant's Deliver now", async () => {
      await api.post("/admin/digital-delivery/settings", { delivery_trigger: "manual" }, admin)
      const product = await createDigitalProduct(api, admin, baseURL, store, [{ name: "Transfer.pdf", content: pdf }])
      const order = await checkout(api, store, { email: "bank@example.com", items: [{ variant_id: product.variantId }] })
      await capture(api, admin, order.id)
      await new Promise((r) => setTimeout(r, 1000))
      expect((await grantsOf(order.id)).download_grants).toHaveLength(0)

      const delivered = await api.post(`/admin/orders/${order.id}/digital-delivery`, {}, admin)
      expect(delivered.data.delivery).toEqual(expect.objectContaining({ skipped: null, email: expect.objectContaining({ status: "sent" }) }))
      expect(delivered.data.download_grants).toHaveLength(1)
      expect(emailsTo("bank@example.com")).toHaveLength(1)
      // Again: nothing new.
      const again = await api.post(`/admin/orders/${order.id}/digital-delivery`, {}, admin)
      expect(again.data.delivery.created_grants).toHaveLength(0)
      expect(emailsTo("bank@example.com")).toHaveLength(1)
    })

    it("delivers by hand an order that was never paid in Medusa (bank transfer)", async () => {
      const product = await createDigitalProduct(api, admin, baseURL, store, [{ name: "Cheque.pdf", content: pdf }])
      const order = await checkout(api, store, { email: "cheque@example.com", items: [{ variant_id: product.variantId }] })
      const delivered = await api.post(`/admin/orders/${order.id}/digital-delivery`, {}, admin)
      expect(delivered.data.delivery.payment_status).toBe("authorized")
      expect(delivered.data.download_grants).toHaveLength(1)
    })

    it("the reconciliation job delivers an order whose capture emitted no event", async () => {
      const product = await createDigitalProduct(api, admin, baseURL, store, [{ name: "Quiet.pdf", content: pdf }])
      const order = await checkout(api, store, { email: "quiet@example.com", items: [{ variant_id: product.variantId }] })
      const [payment] = await paymentsOf(api, admin, order.id)
      await getContainer().resolve(Modules.PAYMENT).capturePayment({ payment_id: payment.id })
      expect((await grantsOf(order.id)).download_grants).toHaveLength(0)

      const engine = getContainer().resolve(Modules.WORKFLOW_ENGINE)
      await engine.run("job-digital-delivery-reconcile", { input: {} })
      const d = await eventually(async () => {
        const res = await grantsOf(order.id)
        expect(res.download_grants).toHaveLength(1)
        return res
      })
      expect(d.emails).toEqual([expect.objectContaining({ status: "success" })])
      // A second run finds nothing to do.
      await engine.run("job-digital-delivery-reconcile", { input: {} })
      expect(emailsTo("quiet@example.com")).toHaveLength(1)
    })

    it("revokes the downloads of a refunded order", async () => {
      const product = await createDigitalProduct(api, admin, baseURL, store, [{ name: "Refund.pdf", content: pdf }])
      const order = await checkout(api, store, { email: "refund@example.com", items: [{ variant_id: product.variantId }] })
      await capture(api, admin, order.id)
      const grant = await eventually(async () => {
        const [g] = (await grantsOf(order.id)).download_grants
        expect(g).toBeDefined()
        return g
      }, 15_000)
      expect((await download(local(grant.download_url))).status).toBe(200)
      const [payment] = await paymentsOf(api, admin, order.id)
      await api.post(`/admin/payments/${payment.id}/refund`, {}, admin)
      await eventually(async () => {
        const [g] = (await grantsOf(order.id)).download_grants
        expect(g.status).toBe("revoked")
      }, 15_000)
      const denied = await fetch(local(grant.download_url), { headers: { accept: "application/json" } })
      expect(denied.status).toBe(410)
      expect((await denied.json()).code).toBe("revoked")
    })

    it("keeps the grants when the email provider fails, and a resend delivers the email", async () => {
      const product = await createDigitalProduct(api, admin, baseURL, store, [{ name: "Retry.pdf", content: pdf }])
      const order = await checkout(api, store, { email: "retry@example.com", items: [{ variant_id: product.variantId }] })
      fake.failNext(1, { status: 500 })
      await capture(api, admin, order.id)
      const failed = await eventually(async () => {
        const d = await grantsOf(order.id)
        expect(d.emails).toEqual([expect.objectContaining({ status: "failure" })])
        return d
      }, 15_000)
      expect(failed.download_grants).toHaveLength(1)
      expect(emailsTo("retry@example.com")).toHaveLength(0)

      const resent = await api.post(`/admin/orders/${order.id}/digital-delivery/resend`, {}, admin)
      expect(resent.data.email.status).toBe("sent")
      expect(emailsTo("retry@example.com")).toHaveLength(1)
      expect(linksIn(emailsTo("retry@example.com")[0].body.text).length).toBeGreaterThan(0)

      // A provider failure on resend is reported to the merchant.
      fake.failNext(1, { status: 500 })
      const refused = await api.post(`/admin/orders/${order.id}/digital-delivery/resend`, {}, admin).catch((e: any) => e.response)
      expect(refused.status).toBe(502)
      expect(refused.data.message).toMatch(/could not be sent/)
    })

    it("edits, validates, previews and test-sends the email template", async () => {
      const initial = await api.get("/admin/digital-delivery/settings", admin)
      expect(initial.data.settings).toEqual(expect.objectContaining({ delivery_trigger: "captured", revoke_on_refund: true, default_max_downloads: 3 }))
      expect(Object.keys(initial.data.placeholders)).toEqual(expect.arrayContaining(["OrderID", "ClientName", "DLFILES", "LibraryURL"]))

      const typo = await api
        .post("/admin/digital-delivery/settings", { templates: { fr: { body: "Bonjour {ClientNom}, {DLFILES}" } } }, admin)
        .catch((e: any) => e.response)
      expect(typo.status).toBe(400)
      expect(typo.data.message).toMatch(/templates\.fr\.body: unknown placeholder \{ClientNom\}/)

      const saved = await api.post(
        "/admin/digital-delivery/settings",
        { templates: { en: { subject: "Files for {OrderID}", body: "Hi {ClientName}!\n\n{DLFILES}" } }, alert_email: "ops@example.com" },
        admin
      )
      expect(saved.data.settings.alert_email).toBe("ops@example.com")
      const preview = await api.post("/admin/digital-delivery/settings/preview", { locale: "en" }, admin)
      expect(preview.data.preview.subject).toBe("Files for #1001")
      expect(preview.data.preview.text).toContain("Hi Jane Doe!")
      expect(preview.data.preview.html).toContain("The Book.pdf")
      const live = await api.post(
        "/admin/digital-delivery/settings/preview",
        { locale: "en", template: { subject: "Draft {StoreName}" } },
        admin
      )
      expect(live.data.preview.subject).toMatch(/^Draft /)

      const test = await api.post("/admin/digital-delivery/settings/send-test", { to: "merchant@example.com" }, admin)
      expect(test.data.email.status).toBe("sent")
      expect(emailsTo("merchant@example.com")[0].body.subject).toBe("[TEST] Files for #1001")
      const bad = await api.post("/admin/digital-delivery/settings", { delivery_trigger: "sometimes" }, admin).catch((e: any) => e.response)
      expect(bad.status).toBe(400)
      expect(bad.data.message).toMatch(/delivery_trigger/)

      // A client written before byte metering still sends resume_window_minutes: accepted, ignored.
      const old = await api.post("/admin/digital-delivery/settings", { resume_window_minutes: 360, alert_email: "ops3@example.com" }, admin)
      expect(old.status).toBe(200)
      expect(old.data.settings.alert_email).toBe("ops3@example.com")
      expect(old.data.settings).not.toHaveProperty("resume_window_minutes")
      await api.post("/admin/digital-delivery/settings", { alert_email: "ops@example.com" }, admin)
    })

    it("alerts the merchant once when a stored file is missing, and does not count the attempt", async () => {
      await api.post("/admin/digital-delivery/settings", { alert_email: "ops@example.com" }, admin)
      const product = await createDigitalProduct(api, admin, baseURL, store, [{ name: "Lost.pdf", content: pdf }])
      const order = await checkout(api, store, { email: "lost@example.com", items: [{ variant_id: product.variantId }] })
      const { data } = await api.post(`/admin/orders/${order.id}/digital-delivery`, {}, admin)
      const grant = data.download_grants[0]
      // The file disappears from storage behind the plugin's back.
      const [asset] = await getContainer().resolve<any>("digital_delivery").listDigitalAssets({ id: product.assets[0].id })
      await getContainer().resolve(Modules.FILE).deleteFiles(asset.file_id)

      for (let i = 0; i < 2; i++) {
        const res = await fetch(local(grant.download_url), { headers: { accept: "application/json" } })
        expect(res.status).toBe(503)
        expect(res.headers.get("retry-after")).toBe("60")
        const body = await res.json()
        expect(body.code).toBe("storage_unavailable")
        expect(JSON.stringify(body)).not.toMatch(/private|\.tmp|storage\//)
      }
      const alerts = await eventually(async () => {
        const sent = emailsTo("ops@example.com")
        expect(sent).toHaveLength(1)
        return sent
      })
      expect(alerts[0].body.subject).toBe("[Digital delivery] Download failed: Lost.pdf")
      expect(alerts[0].body.text).toMatch(/the stored file is missing/)
      await new Promise((r) => setTimeout(r, 500))
      expect(emailsTo("ops@example.com")).toHaveLength(1)
      const after = await api.get(`/admin/download-grants/${grant.id}`, admin)
      expect(after.data.download_grant.downloads_used).toBe(0)
    })

    it("a stored file that breaks mid-stream: the buyer's download is left incomplete, charged only what was sent, logged, the merchant alerted once", async () => {
      await api.post("/admin/digital-delivery/settings", { alert_email: "ops2@example.com" }, admin)
      const big = crypto.randomBytes(4 * 1024 * 1024)
      const product = await createDigitalProduct(api, admin, baseURL, store, [{ name: "Torn.pdf", content: big }])
      const order = await checkout(api, store, { email: "torn@example.com", items: [{ variant_id: product.variantId }] })
      const { data } = await api.post(`/admin/orders/${order.id}/digital-delivery`, {}, admin)
      const grant = data.download_grants[0]
      // The stored file loses its second half behind the plugin's back (a failing disk, a bad sync).
      const [asset] = await getContainer().resolve<any>("digital_delivery").listDigitalAssets({ id: product.assets[0].id })
      const stream = (await getContainer().resolve(Modules.FILE).getDownloadStream(asset.file_id)) as any
      stream.destroy()
      fs.truncateSync(stream.path, 1024 * 1024)

      for (let i = 0; i < 2; i++) {
        const res = await fetch(local(grant.download_url))
        expect(res.status).toBe(200)
        expect(res.headers.get("content-length")).toBe(String(big.length))
        // The body stops short and the connection closes: no client can take it for the whole file.
        await expect(res.arrayBuffer()).rejects.toThrow()
      }
      const alerts = await eventually(async () => {
        const sent = emailsTo("ops2@example.com")
        expect(sent).toHaveLength(1)
        return sent
      })
      expect(alerts[0].body.text).toMatch(/the storage failed in the middle of a download/)
      // Each attempt sent the 1 MiB that was left of 4 MiB: charged 0.25, the rest given back.
      const after = await eventually(async () => {
        const res = await api.get(`/admin/download-grants/${grant.id}`, admin)
        expect(res.data.download_grant.downloads_used).toBe(0.5)
        return res
      })
      expect(after.data.download_grant.status).toBe("active")
      expect(after.data.download_grant.download_events).toEqual(
        expect.arrayContaining([expect.objectContaining({ outcome: "storage_error", counted: true, bytes_sent: 1024 * 1024 })])
      )
    })

    it("the email provider errors, then times out: grants exist, Admin shows the failure, a later retry delivers", async () => {
      const product = await createDigitalProduct(api, admin, baseURL, store, [{ name: "Patience.pdf", content: pdf }])
      const order = await checkout(api, store, { email: "patience@example.com", items: [{ variant_id: product.variantId }] })
      fake.failNext(1, { status: 500 })
      await capture(api, admin, order.id)
      await eventually(async () => {
        const d = await grantsOf(order.id)
        expect(d.download_grants).toHaveLength(1)
        expect(d.emails).toEqual([expect.objectContaining({ status: "failure" })])
      }, 15_000)

      // The provider now accepts the connection and never answers: the resend gives up (timeout_ms) and says so.
      fake.hang(true)
      const started = Date.now()
      const refused = await api.post(`/admin/orders/${order.id}/digital-delivery/resend`, {}, admin).catch((e: any) => e.response)
      expect(refused.status).toBe(502)
      expect(Date.now() - started).toBeLessThan(20_000)
      expect((await grantsOf(order.id)).emails.every((e: any) => e.status === "failure")).toBe(true)

      // The provider is back: the reconciliation job retries the failed email once.
      fake.hang(false)
      const engine = getContainer().resolve(Modules.WORKFLOW_ENGINE)
      await engine.run("job-digital-delivery-reconcile", { input: {} })
      await eventually(async () => {
        expect(emailsTo("patience@example.com")).toHaveLength(1)
        expect((await grantsOf(order.id)).emails).toEqual(expect.arrayContaining([expect.objectContaining({ status: "success" })]))
      }, 15_000)
      expect(linksIn(emailsTo("patience@example.com")[0].body.text).length).toBeGreaterThan(0)
      expect((await grantsOf(order.id)).download_grants).toHaveLength(1)
    })

    it("alerts the merchant about a grant collecting unusual refusals", async () => {
      await api.post("/admin/digital-delivery/settings", { alert_email: "ops@example.com" }, admin)
      const product = await createDigitalProduct(api, admin, baseURL, store, [{ name: "Shared.pdf", content: pdf }])
      const order = await checkout(api, store, { email: "sharer@example.com", items: [{ variant_id: product.variantId }] })
      const { data } = await api.post(`/admin/orders/${order.id}/digital-delivery`, {}, admin)
      const grant = data.download_grants[0]
      await api.post(`/admin/download-grants/${grant.id}`, { max_downloads: 1 }, admin)
      expect((await download(local(grant.download_url))).status).toBe(200)
      for (let i = 0; i < 9; i++) expect((await download(local(grant.download_url))).status).toBe(410)
      await new Promise((r) => setTimeout(r, 500))
      expect(emailsTo("ops@example.com")).toHaveLength(0) // 9 refusals: still usual
      for (let i = 0; i < 5; i++) expect((await download(local(grant.download_url))).status).toBe(410)
      const [alert] = await eventually(async () => {
        const sent = emailsTo("ops@example.com")
        expect(sent).toHaveLength(1)
        return sent
      })
      expect(alert.body.subject).toBe("[Digital delivery] Unusual download refusals: Shared.pdf")
      await new Promise((r) => setTimeout(r, 500))
      expect(emailsTo("ops@example.com")).toHaveLength(1)
    })

    it("lists every order with digital goods, filters, searches, and applies bulk actions", async () => {
      const product = await createDigitalProduct(api, admin, baseURL, store, [{ name: "List.pdf", content: pdf }])
      const unpaid = await checkout(api, store, { email: "waiting@example.com", items: [{ variant_id: product.variantId }] })
      const paid = await checkout(api, store, { email: "Paid.Buyer@example.com", items: [{ variant_id: product.variantId }] })
      await capture(api, admin, paid.id)
      await eventually(async () => {
        const { data } = await api.get("/admin/digital-delivery/orders", admin)
        expect(data.digital_orders.map((o: any) => [o.order_id, !!o.delivered_at])).toEqual([
          [paid.id, true],
          [unpaid.id, false],
        ])
      }, 15_000)
      const list = async (query: string) =>
        (await api.get(`/admin/digital-delivery/orders?${query}`, admin)).data.digital_orders.map((o: any) => o.order_id)
      expect(await list("status=awaiting_payment")).toEqual([unpaid.id])
      expect(await list("status=active")).toEqual([paid.id])
      expect(await list("q=paid.buyer")).toEqual([paid.id])
      expect(await list(`q=%23${unpaid.display_id}`)).toEqual([unpaid.id])
      const [row] = (await api.get(`/admin/digital-delivery/orders?order_id=${paid.id}`, admin)).data.digital_orders
      expect(row).toEqual(
        expect.objectContaining({ display_id: paid.display_id, payment_status: "captured", grant_count: 1, downloads_used: 0, max_downloads: 3, active_count: 1 })
      )
      expect(row.delivered_at).toBeTruthy()

      await api.post("/admin/digital-delivery/orders/batch", { order_ids: [paid.id], action: "disable" }, admin)
      expect(await list("status=disabled")).toEqual([paid.id])
      const before = (await grantsOf(paid.id)).download_grants[0].expires_at
      const extended = await api.post("/admin/digital-delivery/orders/batch", { order_ids: [paid.id], action: "extend", days: 10 }, admin)
      expect(extended.data.updated).toBe(1)
      const after = (await grantsOf(paid.id)).download_grants[0].expires_at
      expect(Math.round((new Date(after).getTime() - new Date(before).getTime()) / 86_400_000)).toBe(10)
      await api.post("/admin/digital-delivery/orders/batch", { order_ids: [paid.id], action: "revoke" }, admin)
      expect(await list("status=revoked")).toEqual([paid.id])
      const bad = await api.post("/admin/digital-delivery/orders/batch", { order_ids: [paid.id], action: "extend" }, admin).catch((e: any) => e.response)
      expect(bad.status).toBe(400)
      expect(bad.data.message).toMatch(/days/)

      // The variant widget's view: files (no storage key) and shipping state.
      const variant = await api.get(`/admin/digital-delivery/variants/${product.variantId}`, admin)
      expect(variant.data).toEqual(
        expect.objectContaining({ requires_shipping: false, shipping_profile: null, digital_assets: [expect.objectContaining({ filename: "List.pdf" })] })
      )
      expect(JSON.stringify(variant.data)).not.toMatch(/file_id/)
    })

    it("lets a cart of digital variants complete without shipping once the variant is marked so", async () => {
      const profile = await api.post("/admin/shipping-profiles", { name: "Parcels", type: "default" }, admin)
      const product = await createDigitalProduct(api, admin, baseURL, store, [{ name: "Ship.pdf", content: pdf }], {
        shipping_profile_id: profile.data.shipping_profile.id,
      })
      await expect(
        checkout(api, store, { email: "ship@example.com", items: [{ variant_id: product.variantId }] })
      ).rejects.toThrow()
      const marked = await api.post(`/admin/digital-delivery/variants/${product.variantId}/shipping`, { requires_shipping: false }, admin)
      expect(marked.data).toEqual(expect.objectContaining({ shipping_profile_detached: true, blocking_variant_ids: [] }))
      const order = await checkout(api, store, { email: "ship@example.com", items: [{ variant_id: product.variantId }] })
      expect(order.id).toMatch(/^order_/)
    })

    it("keeps the shipping profile of a product that also sells a physical variant", async () => {
      const profile = await api.post("/admin/shipping-profiles", { name: "Books", type: "default" }, admin)
      const { data } = await api.post(
        "/admin/products",
        {
          title: "Novel",
          status: "published",
          shipping_profile_id: profile.data.shipping_profile.id,
          options: [{ title: "Format", values: ["Paperback", "E-book"] }],
          variants: [
            { title: "Paperback", manage_inventory: false, options: { Format: "Paperback" }, prices: [{ currency_code: "usd", amount: 20 }] },
            { title: "E-book", manage_inventory: false, options: { Format: "E-book" }, prices: [{ currency_code: "usd", amount: 9 }] },
          ],
        },
        admin
      )
      const paperback = data.product.variants.find((v: any) => v.title === "Paperback")
      const ebook = data.product.variants.find((v: any) => v.title === "E-book")
      const marked = await api.post(`/admin/digital-delivery/variants/${ebook.id}/shipping`, { requires_shipping: false }, admin)
      expect(marked.data).toEqual(expect.objectContaining({ shipping_profile_detached: false, blocking_variant_ids: [paperback.id] }))
      const paperbackView = await api.get(`/admin/digital-delivery/variants/${paperback.id}`, admin)
      expect(paperbackView.data.requires_shipping).toBe(true)
      expect(paperbackView.data.shipping_profile).toEqual(expect.objectContaining({ id: profile.data.shipping_profile.id }))
    })
  },
})
