import crypto from "crypto"
import Medusa from "@medusajs/js-sdk"
import { download, eventually } from "../helpers/files"
import { httpSuite } from "../helpers/harness"
import { openApiChecker } from "../helpers/openapi"
import { capture, checkout, createDigitalProduct, registerCustomer } from "../helpers/store"
import {
  checkDownloadLink,
  createDownloadLink,
  getOrderDownloads,
  getProductDigitalFacts,
  listMyDownloads,
  resendOrderEmail,
} from "../../src/client"

const sha = (b: Buffer | string) => crypto.createHash("sha256").update(b).digest("hex")

// Resend limits low enough to reach; downloads left generous. Medusa trusts one
// proxy hop, so each test speaks from its own addresses (X-Forwarded-For).
const LIMITS = {
  window_seconds: 60,
  downloads_per_ip: 1000,
  downloads_per_grant: 1000,
  logins_per_ip: 100,
  resends_per_order: 2,
  resends_per_ip: 4,
  resend_window_seconds: 600,
}

// openapi.json (the published document) against the answers of the running app.
const { documented, notExercised } = openApiChecker()

httpSuite({ store: true, fakeResend: true, env: { DD_TEST_RATE_LIMIT: JSON.stringify(LIMITS) } }, (app) => {
  const { api, admin, store } = app
  const pdf = crypto.randomBytes(200_000)
  const epub = crypto.randomBytes(80_000)
  let product: { productId: string; variantId: string; assets: any[] }
  let plain: { productId: string; variantId: string }
  let ownerToken: string
  let otherToken: string
  let ownerOrder: any
  let guestOrder: any
  let pendingOrder: any
  let plainOrder: any

  /** A js-sdk client on the test app, optionally logged in, speaking from `ip`. */
  async function sdkFor(token?: string, ip = "203.0.113.1") {
    const sdk = new Medusa({
      baseUrl: app.baseURL,
      publishableKey: store.publishableKey,
      auth: { type: "jwt", jwtTokenStorageMethod: "memory" },
      globalHeaders: { "x-forwarded-for": ip },
    })
    if (token) await sdk.client.setToken(token)
    return sdk
  }
  /** A raw Store request (publishable key, optional customer token) whose answer is checked against openapi.json. */
  async function storeCall(method: string, template: string, url: string, opts: { token?: string; ip?: string; body?: unknown } = {}) {
    const res = await fetch(app.baseURL + url, {
      method,
      headers: {
        ...store.storeHeaders.headers,
        accept: "application/json",
        "x-forwarded-for": opts.ip ?? "203.0.113.9",
        ...(opts.body ? { "content-type": "application/json" } : {}),
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      },
      body: opts.body ? JSON.stringify(opts.body) : undefined,
    })
    return { res, body: await documented(method, template, res) }
  }
  const grantsOf = async (orderId: string) => (await api.get(`/admin/orders/${orderId}/digital-delivery`, admin)).data.download_grants

  app.seed(async () => {
    product = await createDigitalProduct(api, admin, app.baseURL, store, [
      { name: "Guide.pdf", content: pdf },
      { name: "Guide.epub", content: epub },
    ])
    plain = await createDigitalProduct(api, admin, app.baseURL, store, [])
    ownerToken = await registerCustomer(api, store, "owner@example.com", "owner-password-1")
    otherToken = await registerCustomer(api, store, "other@example.com", "other-password-1")
    ownerOrder = await checkout(api, store, { email: "owner@example.com", customerToken: ownerToken, items: [{ variant_id: product.variantId }] })
    guestOrder = await checkout(api, store, { email: "guest@example.com", items: [{ variant_id: product.variantId, quantity: 2 }] })
    pendingOrder = await checkout(api, store, { email: "later@example.com", items: [{ variant_id: product.variantId }] })
    plainOrder = await checkout(api, store, { email: "plain@example.com", items: [{ variant_id: plain.variantId }] })
    await capture(api, admin, ownerOrder.id)
    await capture(api, admin, guestOrder.id)
    for (const order of [ownerOrder, guestOrder]) {
      await eventually(async () => expect(await grantsOf(order.id)).toHaveLength(2), 15_000)
    }
  })

  describe("GET /store/digital-downloads/orders/:order_id", () => {
    it("gives the order's logged-in customer the files with short-lived links that download the bytes", async () => {
      const got = await getOrderDownloads(await sdkFor(ownerToken), ownerOrder.id)
      if (!got.ok) throw new Error(got.message)
      expect(got.data).toEqual(
        expect.objectContaining({ order_id: ownerOrder.id, has_digital_goods: true, delivery_state: "delivered", access: "owner", can_resend: true })
      )
      expect(got.data.files.map((f) => [f.title, f.format, f.size, f.status, f.max_downloads, f.downloads_left])).toEqual([
        ["Guide.epub", "EPUB", epub.length, "active", 3, 3],
        ["Guide.pdf", "PDF", pdf.length, "active", 3, 3],
      ])
      for (const file of got.data.files) {
        expect(file.download_url).toMatch(/\/digital-downloads\//)
        expect(new Date(file.download_url_expires_at!).getTime()).toBeGreaterThan(Date.now())
      }
      const fetched = await download(app.link(got.data.files[1].download_url!))
      expect(fetched.sha256).toBe(sha(pdf))
      await storeCall("GET", "/store/digital-downloads/orders/{order_id}", `/store/digital-downloads/orders/${ownerOrder.id}`, { token: ownerToken })
    })

    it("gives anyone else with the order id (anonymous, another customer) the same list and state, never a link", async () => {
      const owner = (await storeCall("GET", "/store/digital-downloads/orders/{order_id}", `/store/digital-downloads/orders/${ownerOrder.id}`, { token: ownerToken })).body
      const { body: anonymous, res } = await storeCall("GET", "/store/digital-downloads/orders/{order_id}", `/store/digital-downloads/orders/${ownerOrder.id}`)
      const { body: other } = await storeCall("GET", "/store/digital-downloads/orders/{order_id}", `/store/digital-downloads/orders/${ownerOrder.id}`, { token: otherToken })
      const withoutLinks = {
        ...owner,
        access: "anonymous",
        files: owner.files.map((f: any) => ({ ...f, download_url: null, download_url_expires_at: null })),
      }
      expect(anonymous).toEqual(withoutLinks)
      expect(other).toEqual(withoutLinks)
      expect(res.headers.get("cache-control")).toContain("no-store")
      // Nothing about the buyer or the storage in it: no address, name, file id or token.
      const text = JSON.stringify(anonymous)
      expect(text).not.toMatch(/owner@example\.com|Ada|Lovelace|file_id|token|\/digital-downloads\//)
      // The guest's own order, read with its id only: the same, no link.
      const guest = await getOrderDownloads(await sdkFor(), guestOrder.id)
      expect(guest.ok && guest.data.files.map((f) => [f.status, f.max_downloads, f.download_url])).toEqual([
        ["active", 6, null],
        ["active", 6, null],
      ])
    })

    it("says what is coming for an unpaid order, and 'none' for an order without files", async () => {
      const pending = await storeCall("GET", "/store/digital-downloads/orders/{order_id}", `/store/digital-downloads/orders/${pendingOrder.id}`)
      expect(pending.body).toEqual(expect.objectContaining({ has_digital_goods: true, delivery_state: "awaiting_payment", can_resend: false }))
      expect(pending.body.files.map((f: any) => [f.id, f.title, f.status, f.max_downloads, f.expires_at, f.download_url])).toEqual([
        [null, "Guide.epub", "pending", 3, null, null],
        [null, "Guide.pdf", "pending", 3, null, null],
      ])
      // Paid as the store's trigger sees it, files not issued yet: "processing" (ask again).
      await api.post("/admin/digital-delivery/settings", { delivery_trigger: "authorized" }, admin)
      const paid = await storeCall("GET", "/store/digital-downloads/orders/{order_id}", `/store/digital-downloads/orders/${pendingOrder.id}`)
      expect(paid.body.delivery_state).toBe("processing")
      const none = await storeCall("GET", "/store/digital-downloads/orders/{order_id}", `/store/digital-downloads/orders/${plainOrder.id}`)
      expect(none.body).toEqual({ order_id: plainOrder.id, has_digital_goods: false, delivery_state: "none", access: "anonymous", can_resend: false, files: [], license_keys: [] })
    })

    it("answers 404 for an order that does not exist, 400 naming the field for bad input", async () => {
      const missing = await storeCall("GET", "/store/digital-downloads/orders/{order_id}", "/store/digital-downloads/orders/order_01DOESNOTEXIST")
      expect(missing.res.status).toBe(404)
      const viaClient = await getOrderDownloads(await sdkFor(), "order_01DOESNOTEXIST")
      expect(viaClient).toEqual(expect.objectContaining({ ok: false, reason: "not_found", status: 404 }))

      const badId = await storeCall("GET", "/store/digital-downloads/orders/{order_id}", "/store/digital-downloads/orders/order%3Cscript%3E")
      expect([badId.res.status, badId.body.message]).toEqual([400, expect.stringContaining("order_id")])
      const badQuery = await storeCall("GET", "/store/digital-downloads/orders/{order_id}", `/store/digital-downloads/orders/${ownerOrder.id}?fields=*customer`)
      expect([badQuery.res.status, badQuery.body.message]).toEqual([400, expect.stringContaining("fields")])
      const badProduct = await storeCall("GET", "/store/digital-downloads/products/{product_id}", "/store/digital-downloads/products/prod%20x")
      expect([badProduct.res.status, badProduct.body.message]).toEqual([400, expect.stringContaining("product_id")])
      const badBody = await storeCall("POST", "/store/digital-downloads/orders/{order_id}/resend", `/store/digital-downloads/orders/${guestOrder.id}/resend`, {
        body: { email: "attacker@example.com" },
        ip: "203.0.113.77",
      })
      expect([badBody.res.status, badBody.body.message]).toEqual([400, expect.stringContaining("email")])
    })

    it("shows a used-up file as exhausted, without a link; the client's link calls say limit_reached", async () => {
      const sdk = await sdkFor(ownerToken)
      const before = await getOrderDownloads(sdk, ownerOrder.id)
      if (!before.ok) throw new Error(before.message)
      const pdfFile = before.data.files.find((f) => f.title === "Guide.pdf")!
      await download(app.link(pdfFile.download_url!))
      await api.post(`/admin/download-grants/${pdfFile.id}`, { max_downloads: 1 }, admin)

      // The download's bytes are charged when its record is written (batched): ask until they are.
      await eventually(async () => {
        const after = await getOrderDownloads(sdk, ownerOrder.id)
        expect(after.ok && after.data.files.find((f) => f.title === "Guide.pdf")).toEqual(expect.objectContaining({ status: "exhausted", downloads_left: 0, download_url: null }))
      }, 5000)
      expect(await createDownloadLink(sdk, pdfFile.id!)).toEqual(expect.objectContaining({ ok: false, reason: "limit_reached" }))
      expect(await checkDownloadLink(app.link(pdfFile.download_url!))).toEqual(expect.objectContaining({ ok: false, reason: "limit_reached", status: 410 }))
    })
  })

  describe("POST /store/digital-downloads/orders/:order_id/resend", () => {
    it("emails the order's own address, with the same answer for any order id", async () => {
      const url = (id: string) => `/store/digital-downloads/orders/${id}/resend`
      const T = "/store/digital-downloads/orders/{order_id}/resend"
      const real = await storeCall("POST", T, url(guestOrder.id), { ip: "203.0.113.10" })
      const unknown = await storeCall("POST", T, url("order_01DOESNOTEXIST"), { ip: "203.0.113.11" })
      const unpaid = await storeCall("POST", T, url(pendingOrder.id), { ip: "203.0.113.12" })
      expect([real.res.status, unknown.res.status, unpaid.res.status]).toEqual([202, 202, 202])
      expect(unknown.body).toEqual(real.body)
      expect(unpaid.body).toEqual(real.body)
      await eventually(async () => expect(app.emailsTo("guest@example.com")).toHaveLength(1), 10_000)
      expect(app.emailsTo("guest@example.com")[0].body.text).toContain("Guide.pdf")
      await new Promise((r) => setTimeout(r, 500))
      expect(app.fake.sent).toHaveLength(1) // the unpaid order sent nothing, the unknown one neither

      const viaClient = await resendOrderEmail(await sdkFor(undefined, "203.0.113.13"), guestOrder.id)
      expect(viaClient).toEqual({ ok: true, data: real.body })
    })

    it("limits per order (whoever asks) and per address, alike for orders that exist or not", async () => {
      const T = "/store/digital-downloads/orders/{order_id}/resend"
      // Counters live for the app's lifetime (the database resets between tests, they do not): orders no other test resends.
      for (const id of [ownerOrder.id, "order_01NOSUCHORDER"]) {
        const url = `/store/digital-downloads/orders/${id}/resend`
        for (let i = 0; i < LIMITS.resends_per_order; i++) {
          expect((await storeCall("POST", T, url, { ip: `198.51.100.${i + 1}` })).res.status).toBe(202)
        }
        const refused = await storeCall("POST", T, url, { ip: "198.51.100.99" })
        expect([refused.res.status, refused.res.headers.get("x-denial-code"), refused.body.code]).toEqual([429, "too_many_requests", "too_many_requests"])
        expect(Number(refused.res.headers.get("retry-after"))).toBeGreaterThan(LIMITS.window_seconds)
      }
      // One address, many orders: the fifth is refused.
      for (let i = 0; i < LIMITS.resends_per_ip; i++) {
        expect((await storeCall("POST", T, `/store/digital-downloads/orders/order_01IP${i}/resend`, { ip: "192.0.2.50" })).res.status).toBe(202)
      }
      const sdk = await sdkFor(undefined, "192.0.2.50")
      expect(await resendOrderEmail(sdk, "order_01IP9")).toEqual(expect.objectContaining({ ok: false, reason: "rate_limited", status: 429 }))
    })
  })

  describe("GET /store/digital-downloads/products/:product_id", () => {
    it("tells formats, sizes, downloads and days, without file names, keys or links", async () => {
      const { body } = await storeCall("GET", "/store/digital-downloads/products/{product_id}", `/store/digital-downloads/products/${product.productId}`)
      expect(body).toEqual({
        product_id: product.productId,
        has_digital_goods: true,
        variants: [
          {
            variant_id: product.variantId,
            title: expect.any(String),
            files: [
              { title: "Guide.epub", format: "EPUB", kind: "file", size: epub.length, max_downloads: 3, validity_days: 30, previews: [] },
              { title: "Guide.pdf", format: "PDF", kind: "file", size: pdf.length, max_downloads: 3, validity_days: 30, previews: [] },
            ],
            total_size: pdf.length + epub.length,
            max_downloads: 3,
            validity_days: 30,
          },
        ],
        // Previews with their URLs: previews.spec.ts.
        previews: [],
      })
      expect(JSON.stringify(body)).not.toMatch(/file_id|filename|url|token/)
      const viaClient = await getProductDigitalFacts(await sdkFor(), product.productId)
      expect(viaClient).toEqual({ ok: true, data: body })
    })

    it("a product without files has none; an unknown one is not found", async () => {
      const none = await storeCall("GET", "/store/digital-downloads/products/{product_id}", `/store/digital-downloads/products/${plain.productId}`)
      expect(none.body).toEqual({ product_id: plain.productId, has_digital_goods: false, variants: [], previews: [] })
      const missing = await storeCall("GET", "/store/digital-downloads/products/{product_id}", "/store/digital-downloads/products/prod_01NOTHERE")
      expect(missing.res.status).toBe(404)
      expect(await getProductDigitalFacts(await sdkFor(), "prod_01NOTHERE")).toEqual(expect.objectContaining({ ok: false, reason: "not_found" }))
    })
  })

  describe("the customer's downloads and links", () => {
    it("lists them and makes links; anonymous calls are unauthorized", async () => {
      const list = await storeCall("GET", "/store/digital-downloads", "/store/digital-downloads", { token: ownerToken })
      expect(list.body.digital_downloads).toHaveLength(2)
      const viaClient = await listMyDownloads(await sdkFor(ownerToken))
      expect(viaClient).toEqual({ ok: true, data: list.body })
      const id = list.body.digital_downloads[0].id
      const link = await storeCall("POST", "/store/digital-downloads/{id}/link", `/store/digital-downloads/${id}/link`, { token: ownerToken, body: {} })
      expect(link.body.url).toMatch(/\/digital-downloads\//)
      const made = await createDownloadLink(await sdkFor(ownerToken), id)
      expect(made.ok).toBe(true)
      const checked = await checkDownloadLink(app.link(made.ok ? made.data.url : ""))
      expect(checked.ok && checked.data.size).toBeGreaterThan(0)

      const anonymous = await storeCall("GET", "/store/digital-downloads", "/store/digital-downloads")
      expect(anonymous.res.status).toBe(401)
      expect(await listMyDownloads(await sdkFor())).toEqual(expect.objectContaining({ ok: false, reason: "unauthorized" }))
      const notMine = await storeCall("POST", "/store/digital-downloads/{id}/link", `/store/digital-downloads/${id}/link`, { token: otherToken, body: {} })
      expect(notMine.res.status).toBe(404)
    })
  })

  describe("the public routes answer as documented", () => {
    it("download link, order page, ZIP, library and login", async () => {
      const [grant] = await grantsOf(guestOrder.id)
      const link = app.link(grant.download_url)
      const pathOf = (u: string) => new URL(u).pathname
      const call = async (method: string, template: string, url: string, headers: Record<string, string> = {}) => {
        const res = await fetch(url, { method, headers: { accept: "application/json", ...headers }, redirect: "manual" })
        await documented(method, template, res)
        return res
      }
      expect((await call("GET", "/digital-downloads/{token}", link, { accept: "*/*" })).status).toBe(200)
      expect((await call("GET", "/digital-downloads/{token}", link, { accept: "*/*", range: "bytes=0-9" })).status).toBe(206)
      expect((await call("HEAD", "/digital-downloads/{token}", link)).status).toBe(200)
      const bad = await call("GET", "/digital-downloads/{token}", `${app.baseURL}/digital-downloads/not-a-token`)
      expect(bad.status).toBe(404)
      expect(await checkDownloadLink(`${app.baseURL}/digital-downloads/not-a-token`)).toEqual(expect.objectContaining({ ok: false, reason: "not_found" }))
      expect((await call("GET", "/digital-downloads/orders/{token}", `${app.baseURL}/digital-downloads/orders/not-a-token`)).status).toBe(404)
      expect((await call("GET", "/digital-downloads/orders/{token}/zip", `${app.baseURL}/digital-downloads/orders/not-a-token/zip`)).status).toBe(404)
      expect((await call("HEAD", "/digital-downloads/orders/{token}/zip", `${app.baseURL}/digital-downloads/orders/not-a-token/zip`)).status).toBe(404)
      expect([200, 302]).toContain((await call("GET", "/digital-downloads/library", `${app.baseURL}/digital-downloads/library`, { accept: "text/html" })).status)
      expect((await call("GET", "/digital-downloads/login", `${app.baseURL}/digital-downloads/login`, { accept: "text/html" })).status).toBe(200)
      expect(pathOf(link)).toMatch(/^\/digital-downloads\//)

      // A preview (issue 17): the public route's answers are documented too.
      const form = new FormData()
      form.append("product_id", product.productId)
      form.append("file", new Blob(["a sample page"]), "sample.txt")
      const uploaded = await fetch(`${app.baseURL}/admin/digital-previews`, { method: "POST", headers: admin.headers, body: form })
      const preview = (await uploaded.json()).digital_preview
      const previewUrl = app.link(preview.url)
      const served = await call("GET", "/digital-downloads/previews/{id}", previewUrl, { accept: "*/*" })
      expect(served.status).toBe(200)
      expect((await call("GET", "/digital-downloads/previews/{id}", previewUrl, { accept: "*/*", range: "bytes=0-1" })).status).toBe(206)
      expect((await call("GET", "/digital-downloads/previews/{id}", previewUrl, { range: "bytes=999-" })).status).toBe(416)
      expect((await call("GET", "/digital-downloads/previews/{id}", previewUrl, { "if-none-match": served.headers.get("etag")! })).status).toBe(304)
      expect((await call("HEAD", "/digital-downloads/previews/{id}", previewUrl)).status).toBe(200)
      expect((await call("GET", "/digital-downloads/previews/{id}", `${app.baseURL}/digital-downloads/previews/${grant.asset_id}`)).status).toBe(404)
      const facts = await storeCall("GET", "/store/digital-downloads/products/{product_id}", `/store/digital-downloads/products/${product.productId}`)
      expect(facts.body.previews).toEqual([{ id: preview.id, title: "sample.txt", filename: "sample.txt", mime_type: "text/plain", size: 13, url: preview.url }])
    })
  })

  afterAll(() => {
    // Every Store operation of the document was called and checked at least once.
    expect(notExercised("/store/")).toEqual([])
  })
})
