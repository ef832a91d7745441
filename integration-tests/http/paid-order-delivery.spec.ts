import { Modules } from "@medusajs/framework/utils"
import crypto from "crypto"
import jwt from "jsonwebtoken"
import { download, eventually } from "../helpers/files"
import { httpSuite, linksIn } from "../helpers/harness"
import { capture, checkout, createDigitalProduct, paymentsOf, registerCustomer } from "../helpers/store"
import { readZip } from "../helpers/zip"
import { LINK_SECRET } from "../host/constants"

const sha = (b: Buffer | string) => crypto.createHash("sha256").update(b).digest("hex")

/** A paid order delivers itself: grants, the email, the order page, the library; refunds revoke. */
httpSuite({ store: true, fakeResend: true }, (app) => {
  const { api, admin, store, emailsTo } = app
  const pdf = crypto.randomBytes(300_000)
  const epub = crypto.randomBytes(120_000)

  const local = app.link
  const grantsOf = async (orderId: string) =>
    (await api.get(`/admin/orders/${orderId}/digital-delivery`, admin)).data

  describe("a guest's paid order", () => {
    let order: any
    let delivery: any
    let email: any

    app.seed(async () => {
      const product = await createDigitalProduct(api, admin, app.baseURL, store, [
        { name: "Guide.pdf", content: pdf },
        { name: "Guide.epub", content: epub },
      ])
      order = await checkout(api, store, { email: "guest@example.com", items: [{ variant_id: product.variantId, quantity: 2 }] })

      // Placed but only authorized: nothing yet.
      await new Promise((r) => setTimeout(r, 500))
      expect((await grantsOf(order.id)).download_grants).toHaveLength(0)
      expect(emailsTo("guest@example.com")).toHaveLength(0)

      await capture(api, admin, order.id)
      delivery = await eventually(async () => {
        const d = await grantsOf(order.id)
        expect(d.download_grants).toHaveLength(2)
        expect(d.emails).toEqual([expect.objectContaining({ status: "success" })])
        return d
      }, 15_000)
      ;[email] = emailsTo("guest@example.com")
      expect(emailsTo("guest@example.com")).toHaveLength(1)
    })

    it("is delivered once paid: a grant per file, the quantity times the default limit, for 30 days", async () => {
      for (const grant of delivery.download_grants) {
        expect(grant).toEqual(expect.objectContaining({ status: "active", max_downloads: 6, email: "guest@example.com" }))
        const days = (new Date(grant.expires_at).getTime() - Date.now()) / 86_400_000
        expect(days).toBeGreaterThan(29)
        expect(days).toBeLessThanOrEqual(30)
      }
    })

    it("gets one email from the store, in the buyer's name, every placeholder filled", async () => {
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
    })

    it("the emailed links work; the order page lists both files and its ZIP holds both, intact", async () => {
      const links = linksIn(email.body.text)
      const fileLinks = links.filter((l) => !l.includes("/orders/"))
      expect(fileLinks).toHaveLength(2)
      const got = await Promise.all(fileLinks.map((l) => download(local(l))))
      expect(got.map((g) => g.sha256).sort()).toEqual([sha(pdf), sha(epub)].sort())

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
      expect(entries.map((e) => [e.name, e.sha256]).sort()).toEqual([["Guide.epub", sha(epub)], ["Guide.pdf", sha(pdf)]].sort())
      // Each file in the ZIP is one copy: 1 direct + 1 zip (settled just after the response ends).
      await eventually(async () => {
        const after = await grantsOf(order.id)
        expect(after.download_grants.map((g: any) => g.downloads_used)).toEqual([2, 2])
      })
    })
  })

  it("delivers once when order.placed and payment.captured arrive together, twice each", async () => {
    const product = await createDigitalProduct(api, admin, app.baseURL, store, [{ name: "Once.pdf", content: pdf }])
    const order = await checkout(api, store, { email: "twice@example.com", items: [{ variant_id: product.variantId }] })
    // Capture without the workflow (no event), then fire every event at once.
    const paymentModule = app.container().resolve(Modules.PAYMENT)
    const [payment] = await paymentsOf(api, admin, order.id)
    await paymentModule.capturePayment({ payment_id: payment.id })
    const bus = app.container().resolve(Modules.EVENT_BUS)
    const engine = app.container().resolve(Modules.WORKFLOW_ENGINE)
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
    const product = await createDigitalProduct(api, admin, app.baseURL, store, [{ name: "Hostile.pdf", content: epub }])
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

  describe("a registered customer's order", () => {
    let order: any
    let email: any
    let token: string

    app.seed(async () => {
      const product = await createDigitalProduct(api, admin, app.baseURL, store, [{ name: "Members.pdf", content: pdf }])
      token = await registerCustomer(api, store, "member@example.com", "members-only-1")
      order = await checkout(api, store, {
        email: "member@example.com",
        customerToken: token,
        locale: "fr-FR",
        items: [{ variant_id: product.variantId }],
      })
      await capture(api, admin, order.id)
      email = await eventually(async () => {
        const [e] = emailsTo("member@example.com")
        expect(e).toBeDefined()
        return e
      }, 15_000)
    })

    it("gets no secret by email: the library's address, in the customer's language", async () => {
      expect(email.body.subject).toBe(`Vos téléchargements pour la commande #${order.display_id}`)
      expect(email.body.text).toContain("Bonjour Grace Hopper,")
      const links = linksIn(email.body.text)
      expect(links).toEqual(links.map(() => "http://localhost:9000/digital-downloads/library"))
      expect(email.body.text + email.body.html).not.toMatch(/eyJ/) // no JWT anywhere
    })

    it("the library needs a login and hands short-lived links; the Store API lists the customer's own grants only", async () => {
      // The library asks for a login first.
      const anonymous = await fetch(`${app.baseURL}/digital-downloads/library`, { redirect: "manual" })
      expect(anonymous.status).toBe(302)
      expect(anonymous.headers.get("location")).toMatch(/\/digital-downloads\/login/)
      const badLogin = await fetch(`${app.baseURL}/digital-downloads/login`, {
        method: "POST",
        body: new URLSearchParams({ email: "member@example.com", password: "wrong" }),
        redirect: "manual",
      })
      expect(badLogin.status).toBe(401)
      const login = await fetch(`${app.baseURL}/digital-downloads/login`, {
        method: "POST",
        body: new URLSearchParams({ email: "member@example.com", password: "members-only-1", next: "/digital-downloads/library" }),
        redirect: "manual",
      })
      expect(login.status).toBe(303)
      const cookie = login.headers.get("set-cookie")!.split(";")[0]
      const library = await fetch(`${app.baseURL}/digital-downloads/library`, { headers: { cookie } })
      const libraryHtml = await library.text()
      expect(libraryHtml).toContain("Members.pdf")
      const href = /href="(\/digital-downloads\/library\/download\/[^"]+)"/.exec(libraryHtml)![1]
      const handoff = await fetch(app.baseURL + href, { headers: { cookie }, redirect: "manual" })
      expect(handoff.status).toBe(303)
      const shortLink = handoff.headers.get("location")!
      expect((await download(local(shortLink))).sha256).toBe(sha(pdf))
      // Without the session the hand-off refuses.
      expect((await fetch(app.baseURL + href, { redirect: "manual" })).status).toBe(302)

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
      expect((await fetch(`${app.baseURL}/digital-downloads/${expired}`)).status).toBe(404)

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
  })

  it("with the manual trigger, waits for the merchant's Deliver now", async () => {
    await api.post("/admin/digital-delivery/settings", { delivery_trigger: "manual" }, admin)
    const product = await createDigitalProduct(api, admin, app.baseURL, store, [{ name: "Transfer.pdf", content: pdf }])
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
    const product = await createDigitalProduct(api, admin, app.baseURL, store, [{ name: "Cheque.pdf", content: pdf }])
    const order = await checkout(api, store, { email: "cheque@example.com", items: [{ variant_id: product.variantId }] })
    const delivered = await api.post(`/admin/orders/${order.id}/digital-delivery`, {}, admin)
    expect(delivered.data.delivery.payment_status).toBe("authorized")
    expect(delivered.data.download_grants).toHaveLength(1)
  })

  it("the reconciliation job delivers an order whose capture emitted no event", async () => {
    const product = await createDigitalProduct(api, admin, app.baseURL, store, [{ name: "Quiet.pdf", content: pdf }])
    const order = await checkout(api, store, { email: "quiet@example.com", items: [{ variant_id: product.variantId }] })
    const [payment] = await paymentsOf(api, admin, order.id)
    await app.container().resolve(Modules.PAYMENT).capturePayment({ payment_id: payment.id })
    expect((await grantsOf(order.id)).download_grants).toHaveLength(0)

    const engine = app.container().resolve(Modules.WORKFLOW_ENGINE)
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
    const product = await createDigitalProduct(api, admin, app.baseURL, store, [{ name: "Refund.pdf", content: pdf }])
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
})
