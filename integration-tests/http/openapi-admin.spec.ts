import crypto from "crypto"
import { download, eventually } from "../helpers/files"
import { httpSuite } from "../helpers/harness"
import { openApiChecker } from "../helpers/openapi"
import { capture, checkout, createDigitalProduct } from "../helpers/store"

/**
 * The Admin half of openapi.json against the running app: every documented
 * Admin operation is called with a real admin on a real order with grants, and
 * every answer (status and body) is checked against the document. The last test
 * fails when a documented operation, or a status documented for it, was never
 * seen here: a new route's schema comes with a call in this file.
 */
const { documented, exercised, operations, statuses } = openApiChecker()

httpSuite({ store: true, fakeResend: true }, (app) => {
  const { api, admin, store } = app
  const pdf = crypto.randomBytes(120_000)
  const epub = crypto.randomBytes(40_000)
  let product: { productId: string; variantId: string; assets: any[] }
  let paid: any
  let unpaid: any

  /** An Admin request (as the admin unless `auth: false`) whose answer is checked against openapi.json. */
  async function call(method: string, template: string, url: string, opts: { body?: unknown; form?: FormData; auth?: boolean } = {}) {
    const json = opts.body !== undefined
    const res = await fetch(app.baseURL + url, {
      method,
      headers: { accept: "application/json", ...(opts.auth === false ? {} : admin.headers), ...(json ? { "content-type": "application/json" } : {}) },
      body: opts.form ?? (json ? JSON.stringify(opts.body) : undefined),
    })
    return { status: res.status, body: await documented(method, template, res) }
  }
  const fileForm = (name: string, content: Buffer, fields: Record<string, string> = {}) => {
    const form = new FormData()
    for (const [k, v] of Object.entries(fields)) form.append(k, v)
    form.append("file", new Blob([new Uint8Array(content)]), name)
    return form
  }
  const grantsOf = async (orderId: string) => (await api.get(`/admin/orders/${orderId}/digital-delivery`, admin)).data

  app.seed(async () => {
    product = await createDigitalProduct(api, admin, app.baseURL, store, [
      { name: "Manual.pdf", content: pdf },
      { name: "Manual.epub", content: epub },
    ])
    paid = await checkout(api, store, { email: "paid@example.com", items: [{ variant_id: product.variantId }] })
    unpaid = await checkout(api, store, { email: "unpaid@example.com", items: [{ variant_id: product.variantId }] })
    await capture(api, admin, paid.id)
    await eventually(async () => {
      const delivery = await grantsOf(paid.id)
      expect([delivery.download_grants.length, delivery.emails.length]).toEqual([2, 1])
    }, 15_000)
  })

  it("answers 401 to every documented Admin operation without an admin", async () => {
    for (const op of operations("/admin/")) {
      const [method, template] = op.split(" ")
      const url = template.replace(/\{[^}]+\}/g, "x_1")
      const res = await call(method, template, url, { auth: false, ...(method === "POST" ? { body: {} } : {}) })
      expect([op, res.status]).toEqual([op, 401])
    }
  })

  it("digital assets: list, upload, external link, read, rename, replace the file, attach, delete", async () => {
    const T = "/admin/digital-assets"
    const list = await call("GET", T, `${T}?limit=50`)
    expect(list.body.digital_assets.map((a: any) => a.filename).sort()).toEqual(["Manual.epub", "Manual.pdf"])
    expect(JSON.stringify(list.body)).not.toMatch(/file_id|private-|dd-[0-9a-f]{32}/)
    expect((await call("GET", T, `${T}?limit=many`)).status).toBe(400)

    const extra = crypto.randomBytes(5000)
    const created = await call("POST", T, T, { form: fileForm("Extra.pdf", extra, { title: "Extra" }) })
    expect([created.status, created.body.digital_asset.size, created.body.digital_asset.title]).toEqual([201, extra.length, "Extra"])
    const link = await call("POST", T, T, { body: { kind: "external_link", title: "Video", external_url: "https://video.example.com/v/1" } })
    expect([link.status, link.body.digital_asset.kind]).toEqual([201, "external_link"])
    const badLink = await call("POST", T, T, { body: { kind: "external_link", title: "Video", external_url: "ftp://video.example.com" } })
    expect([badLink.status, badLink.body.message]).toEqual([400, expect.stringContaining("external_url")])

    const one = "/admin/digital-assets/{id}"
    const id = created.body.digital_asset.id
    expect((await call("GET", one, `${T}/${id}`)).body.digital_asset.id).toBe(id)
    expect((await call("GET", one, `${T}/dasset_missing`)).status).toBe(404)
    const renamed = await call("POST", one, `${T}/${id}`, { body: { filename: "Extra manual.pdf", max_downloads: 4 } })
    expect([renamed.body.digital_asset.filename, renamed.body.digital_asset.max_downloads]).toEqual(["Extra manual.pdf", 4])
    const badUpdate = await call("POST", one, `${T}/${id}`, { body: { max_downloads: -1 } })
    expect([badUpdate.status, badUpdate.body.errors.map((e: any) => e.path)]).toEqual([400, [["max_downloads"]]])
    expect((await call("POST", one, `${T}/dasset_missing`, { body: { title: "Nothing" } })).status).toBe(404)

    const file = "/admin/digital-assets/{id}/file"
    const replaced = await call("POST", file, `${T}/${id}/file`, {
      form: fileForm("Extra-2.pdf", crypto.randomBytes(6000), { version_label: "2.0", release_notes: "Two new chapters.", extra_downloads: "1" }),
    })
    expect([replaced.status, replaced.body.digital_asset.version, replaced.body.digital_asset.filename]).toEqual([200, 2, "Extra manual.pdf"])
    expect(replaced.body.digital_asset.versions.map((v: any) => [v.version, v.version_label]).sort()).toEqual([
      [1, null],
      [2, "2.0"],
    ])
    const badRelease = await call("POST", file, `${T}/${id}/file`, { form: fileForm("x.pdf", extra, { extra_downloads: "many" }) })
    expect([badRelease.status, badRelease.body.message]).toEqual([400, expect.stringContaining("extra_downloads")])
    expect((await call("POST", file, `${T}/${link.body.digital_asset.id}/file`, { form: fileForm("x.pdf", extra) })).status).toBe(400)
    expect((await call("POST", file, `${T}/dasset_missing/file`, { form: fileForm("x.pdf", extra) })).status).toBe(404)

    const variants = "/admin/digital-assets/{id}/variants"
    const attached = await call("POST", variants, `${T}/${id}/variants`, { body: { add: [product.variantId] } })
    expect(attached.body.digital_asset.product_variants.map((v: any) => v.id)).toEqual([product.variantId])
    expect((await call("POST", variants, `${T}/${id}/variants`, { body: { add: product.variantId } })).status).toBe(400)
    expect((await call("POST", variants, `${T}/dasset_missing/variants`, { body: { add: [product.variantId] } })).status).toBe(404)

    const inUse = await call("DELETE", one, `${T}/${product.assets[0].id}`)
    expect([inUse.status, inUse.body.type]).toEqual([400, "not_allowed"])
    expect((await call("DELETE", one, `${T}/${link.body.digital_asset.id}`)).body).toEqual({ id: link.body.digital_asset.id, object: "digital_asset", deleted: true })
  })

  it("previews: upload, make one from a PDF, list, read, move, delete", async () => {
    const T = "/admin/digital-previews"
    const one = "/admin/digital-previews/{id}"
    const uploaded = await call("POST", T, T, { form: fileForm("Sample.mp3", crypto.randomBytes(3000), { product_id: product.productId, title: "Sample" }) })
    expect([uploaded.status, uploaded.body.digital_preview.product_id, uploaded.body.digital_preview.size]).toEqual([201, product.productId, 3000])
    expect(JSON.stringify(uploaded.body)).not.toMatch(/file_id|private-/)
    const noOwner = await call("POST", T, T, { form: fileForm("Sample.mp3", crypto.randomBytes(10)) })
    expect([noOwner.status, noOwner.body.message]).toEqual([400, expect.stringContaining("product_id")])
    const unknownAsset = await call("POST", T, T, { form: fileForm("Sample.mp3", crypto.randomBytes(10), { asset_id: "dasset_missing" }) })
    expect(unknownAsset.status).toBe(404)

    // A real three-page PDF, attached to the product, cut to its first page.
    const { PDFDocument } = await import("pdf-lib")
    const doc = await PDFDocument.create()
    for (let i = 0; i < 3; i++) doc.addPage([200, 200])
    const book = await call("POST", "/admin/digital-assets", "/admin/digital-assets", { form: fileForm("Book.pdf", Buffer.from(await doc.save())) })
    const make = "/admin/digital-assets/{id}/previews"
    const made = await call("POST", make, `/admin/digital-assets/${book.body.digital_asset.id}/previews`, { body: { pages: 1 } })
    expect([made.status, made.body.digital_preview.source, made.body.digital_preview.asset_id]).toEqual([201, "generated", book.body.digital_asset.id])
    const notPdf = await call("POST", make, `/admin/digital-assets/${product.assets[0].id}/previews`, { body: { pages: 1 } })
    expect(notPdf.status).toBe(400)
    expect((await call("POST", make, `/admin/digital-assets/${book.body.digital_asset.id}/previews`, { body: { pages: 0 } })).status).toBe(400)
    expect((await call("POST", make, "/admin/digital-assets/dasset_missing/previews", { body: {} })).status).toBe(404)

    const listed = await call("GET", T, `${T}?product_id=${product.productId}&asset_id=${book.body.digital_asset.id}`)
    expect(listed.body.digital_previews.map((p: any) => p.id).sort()).toEqual([uploaded.body.digital_preview.id, made.body.digital_preview.id].sort())
    expect((await call("GET", T, T)).status).toBe(400)
    const id = uploaded.body.digital_preview.id
    expect((await call("GET", one, `${T}/${id}`)).body.digital_preview.url).toMatch(new RegExp(`/digital-downloads/previews/${id}$`))
    expect((await call("GET", one, `${T}/dprev_missing`)).status).toBe(404)
    expect((await call("POST", one, `${T}/${id}`, { body: { title: "First minute" } })).body.digital_preview.title).toBe("First minute")
    expect((await call("POST", one, `${T}/${id}`, { body: { position: -1 } })).status).toBe(400)
    expect((await call("POST", one, `${T}/dprev_missing`, { body: { title: "x" } })).status).toBe(404)
    expect((await call("DELETE", one, `${T}/${id}`)).body).toEqual({ id, object: "digital_preview", deleted: true })
    expect((await call("DELETE", one, `${T}/${id}`)).status).toBe(404)
  })

  it("update campaigns: audience, start, list, read, pause, resume, cancel, recipients", async () => {
    const asset = product.assets[0].id
    const audience = "/admin/digital-assets/{id}/update-audience"
    const counted = await call("GET", audience, `/admin/digital-assets/${asset}/update-audience`)
    expect(counted.body).toEqual({ recipients: 1, include_expired: false })
    expect((await call("GET", audience, `/admin/digital-assets/${asset}/update-audience?include_expired=maybe`)).status).toBe(400)
    expect((await call("GET", audience, "/admin/digital-assets/dasset_missing/update-audience")).status).toBe(404)

    const start = "/admin/digital-assets/{id}/update-campaigns"
    const started = await call("POST", start, `/admin/digital-assets/${asset}/update-campaigns`, { body: {} })
    expect([started.status, started.body.recorded, started.body.update_campaign.counts.recipients]).toEqual([201, 1, 1])
    const id = started.body.update_campaign.id
    const again = await call("POST", start, `/admin/digital-assets/${asset}/update-campaigns`, { body: {} })
    expect([again.status, again.body.update_campaign.id, again.body.recorded]).toEqual([200, id, 0])
    expect((await call("POST", start, `/admin/digital-assets/${asset}/update-campaigns`, { body: { version: 99 } })).status).toBe(400)
    expect((await call("POST", start, "/admin/digital-assets/dasset_missing/update-campaigns", { body: {} })).status).toBe(404)

    const T = "/admin/digital-delivery/update-campaigns"
    expect((await call("GET", T, `${T}?asset_id=${asset}`)).body.update_campaigns.map((c: any) => c.id)).toEqual([id])
    expect((await call("GET", T, `${T}?limit=0`)).status).toBe(400)
    const one = "/admin/digital-delivery/update-campaigns/{id}"
    expect((await call("GET", one, `${T}/${id}`)).body.update_campaign.asset_title).toBe(product.assets[0].title)
    expect((await call("GET", one, `${T}/dcamp_missing`)).status).toBe(404)
    expect((await call("POST", one, `${T}/${id}`, { body: { action: "pause" } })).body.update_campaign.status).toBe("paused")
    const twice = await call("POST", one, `${T}/${id}`, { body: { action: "pause" } })
    expect([twice.status, twice.body.message]).toEqual([400, expect.stringContaining("paused")])
    expect((await call("POST", one, `${T}/${id}`, { body: { action: "resume" } })).body.update_campaign.status).toBe("sending")
    expect((await call("POST", one, `${T}/${id}`, { body: { action: "cancel" } })).body.update_campaign.status).toBe("cancelled")
    expect((await call("POST", one, `${T}/dcamp_missing`, { body: { action: "pause" } })).status).toBe(404)

    const recipients = "/admin/digital-delivery/update-campaigns/{id}/recipients"
    expect((await call("GET", recipients, `${T}/${id}/recipients`)).body.recipients.map((r: any) => r.email)).toEqual(["paid@example.com"])
    expect((await call("GET", recipients, `${T}/${id}/recipients?status=lost`)).status).toBe(400)
    expect((await call("GET", recipients, `${T}/dcamp_missing/recipients`)).status).toBe(404)
  })

  it("grants: list, read with downloads, change, history, regenerate, revoke, delete", async () => {
    const T = "/admin/download-grants"
    const list = await call("GET", T, `${T}?order_id=${paid.id}`)
    expect([list.body.count, list.body.count_exact, list.body.next_cursor]).toEqual([2, true, null])
    expect((await call("GET", T, `${T}?status=lost`)).status).toBe(400)
    const [grant, other] = list.body.download_grants

    expect((await download(app.link(grant.download_url))).status).toBe(200)
    const one = "/admin/download-grants/{id}"
    const read = await eventually(async () => {
      const got = await call("GET", one, `${T}/${grant.id}`)
      expect(got.body.download_grant.download_events).toHaveLength(1)
      return got
    })
    expect(read.body.download_grant.download_events[0]).toEqual(expect.objectContaining({ outcome: "served", status: 200 }))
    expect((await call("GET", one, `${T}/dgrant_missing`)).status).toBe(404)
    const changed = await call("POST", one, `${T}/${grant.id}`, { body: { max_downloads: 10, expires_at: "2031-01-02T03:04:05.000Z" } })
    expect([changed.body.download_grant.max_downloads, changed.body.download_grant.expires_at]).toEqual([10, "2031-01-02T03:04:05.000Z"])
    const empty = await call("POST", one, `${T}/${grant.id}`, { body: {} })
    expect([empty.status, empty.body.errors]).toEqual([400, [expect.objectContaining({ path: [] })]])
    expect((await call("POST", one, `${T}/dgrant_missing`, { body: { enabled: false } })).status).toBe(404)

    const history = "/admin/download-grants/{id}/history"
    const story = await call("GET", history, `${T}/${grant.id}/history`)
    expect(story.body.history.map((e: any) => e.kind).sort()).toEqual(expect.arrayContaining(["activity", "download"]))
    expect((await call("GET", history, `${T}/${grant.id}/history?cursor=not-a-cursor`)).status).toBe(400)
    expect((await call("GET", history, `${T}/dgrant_missing/history`)).status).toBe(404)

    const regenerate = "/admin/download-grants/{id}/regenerate-link"
    const regenerated = await call("POST", regenerate, `${T}/${grant.id}/regenerate-link`)
    expect(regenerated.body.download_grant.token_version).toBe(grant.token_version + 1)
    expect((await call("POST", regenerate, `${T}/dgrant_missing/regenerate-link`)).status).toBe(404)
    const revoke = "/admin/download-grants/{id}/revoke"
    expect((await call("POST", revoke, `${T}/${grant.id}/revoke`)).body.download_grant.status).toBe("revoked")
    expect((await call("POST", revoke, `${T}/dgrant_missing/revoke`)).status).toBe(404)

    expect((await call("DELETE", one, `${T}/${other.id}`)).body).toEqual({ id: other.id, object: "download_grant", deleted: true })
    expect((await call("DELETE", one, `${T}/dgrant_missing`)).status).toBe(404)
  })

  it("settings: read, save, refuse an unknown placeholder, preview, send a test (and say when the provider fails)", async () => {
    const T = "/admin/digital-delivery/settings"
    const read = await call("GET", T, T)
    expect(read.body.settings.delivery_trigger).toBe("captured")
    expect((await call("POST", T, T, { body: { alert_email: "ops@example.com" } })).body.settings.alert_email).toBe("ops@example.com")
    const typo = await call("POST", T, T, { body: { templates: { en: { body: "Hi {Nobody}" } } } })
    expect([typo.status, typo.body.errors.map((e: any) => e.path)]).toEqual([400, [["templates", "en", "body"]]])

    const preview = "/admin/digital-delivery/settings/preview"
    expect((await call("POST", preview, preview, { body: { locale: "fr" } })).body.preview.html).toContain("The Book.pdf")
    expect((await call("POST", preview, preview, { body: { order_id: paid.id } })).body.preview.text).toContain("Manual.pdf")
    expect((await call("POST", preview, preview, { body: { locale: "de" } })).status).toBe(400)
    expect((await call("POST", preview, preview, { body: { order_id: "order_missing" } })).status).toBe(404)

    const test = "/admin/digital-delivery/settings/send-test"
    expect((await call("POST", test, test, { body: { to: "merchant@example.com" } })).body.email).toEqual(expect.objectContaining({ status: "sent", to: "merchant@example.com" }))
    expect((await call("POST", test, test, { body: { to: "not an address" } })).status).toBe(400)
    app.fake.failNext(10, { status: 500 })
    const failed = await call("POST", test, test, { body: { to: "merchant@example.com" } })
    expect([failed.status, failed.body.type]).toEqual([502, "email_failed"])
  })

  it("the variant widget and the Digital deliveries list with its bulk actions", async () => {
    const variant = "/admin/digital-delivery/variants/{id}"
    const shown = await call("GET", variant, `/admin/digital-delivery/variants/${product.variantId}`)
    expect(shown.body.digital_assets.map((a: any) => a.filename).sort()).toEqual(["Manual.epub", "Manual.pdf"])
    expect((await call("GET", variant, "/admin/digital-delivery/variants/variant_missing")).status).toBe(404)
    const shipping = "/admin/digital-delivery/variants/{id}/shipping"
    const marked = await call("POST", shipping, `/admin/digital-delivery/variants/${product.variantId}/shipping`, { body: { requires_shipping: false } })
    expect(marked.body).toEqual({ variant_id: product.variantId, requires_shipping: false, shipping_profile_detached: false, blocking_variant_ids: [] })
    expect((await call("POST", shipping, `/admin/digital-delivery/variants/${product.variantId}/shipping`, { body: { requires_shipping: "no" } })).status).toBe(400)

    const T = "/admin/digital-delivery/orders"
    const list = await call("GET", T, T)
    expect(list.body.digital_orders.map((o: any) => o.order_id)).toEqual([unpaid.id, paid.id])
    expect((await call("GET", T, `${T}?status=lost`)).status).toBe(400)
    const batch = "/admin/digital-delivery/orders/batch"
    expect((await call("POST", batch, batch, { body: { order_ids: [paid.id], action: "extend", days: 5 } })).body).toEqual({ updated: 2 })
    expect((await call("POST", batch, batch, { body: { order_ids: [paid.id], action: "extend" } })).status).toBe(400)
  })

  it("an order: its delivery, resend (nothing to send, sent, failed), deliver now, regenerate its links", async () => {
    const T = "/admin/orders/{id}/digital-delivery"
    const url = (id: string, tail = "") => `/admin/orders/${id}/digital-delivery${tail}`
    const shown = await call("GET", T, url(paid.id))
    expect([shown.body.digital_order.order_id, shown.body.download_grants.length, shown.body.emails.length]).toEqual([paid.id, 2, 1])
    expect(shown.body.order_page_url).toMatch(/\/digital-downloads\/orders\//)

    const resend = "/admin/orders/{id}/digital-delivery/resend"
    const nothing = await call("POST", resend, url(unpaid.id, "/resend"))
    expect([nothing.status, nothing.body.type]).toEqual([400, "not_allowed"])
    expect((await call("POST", resend, url("order_missing", "/resend"))).status).toBe(404)
    expect((await call("POST", resend, url(paid.id, "/resend"))).body.email.status).toBe("sent")
    app.fake.failNext(10, { status: 500 })
    const failed = await call("POST", resend, url(paid.id, "/resend"))
    expect([failed.status, failed.body.email.status]).toEqual([502, "failed"])
    app.fake.reset()

    const delivered = await call("POST", T, url(unpaid.id))
    expect([delivered.body.delivery.skipped, delivered.body.delivery.created_grants.length, delivered.body.download_grants.length]).toEqual([null, 2, 2])
    expect((await call("POST", T, url("order_missing"))).status).toBe(404)

    const regenerate = "/admin/orders/{id}/digital-delivery/regenerate-links"
    const renewed = await call("POST", regenerate, url(paid.id, "/regenerate-links"), { body: { resend: true } })
    expect([renewed.body.regenerated.link_version, renewed.body.regenerated.email.status]).toEqual([2, "sent"])
    expect((await call("POST", regenerate, url(paid.id, "/regenerate-links"), { body: { resend: "yes" } })).status).toBe(400)
    expect((await call("POST", regenerate, url("order_missing", "/regenerate-links"), { body: {} })).status).toBe(404)
  })

  it("license keys: a variant's config and pool, an order's keys, reveal, revoke, replace, the public key", async () => {
    const config = "/admin/digital-delivery/variants/{id}/license-keys"
    const pool = "/admin/digital-delivery/variants/{id}/license-keys/pool"
    const licensed = await createDigitalProduct(api, admin, app.baseURL, store, [{ name: "Tool.zip", content: epub }])
    const v = licensed.variantId
    expect((await call("GET", config, `/admin/digital-delivery/variants/${v}/license-keys`)).body.license_config.source).toBe("off")
    expect((await call("GET", config, "/admin/digital-delivery/variants/variant_missing/license-keys")).status).toBe(404)
    expect((await call("POST", config, `/admin/digital-delivery/variants/${v}/license-keys`, { body: { pattern: "XX-XX" } })).status).toBe(400)
    expect((await call("POST", config, "/admin/digital-delivery/variants/variant_missing/license-keys", { body: { source: "pool" } })).status).toBe(404)
    const set = await call("POST", config, `/admin/digital-delivery/variants/${v}/license-keys`, { body: { source: "pool", activation_limit: 2 } })
    expect(set.body.license_config).toEqual(expect.objectContaining({ source: "pool", activation_limit: 2, pool_remaining: 0 }))

    // An order while the pool is empty: its key waits (reveal: 400), then an upload issues it.
    const order = await checkout(api, store, { email: "keys@example.com", items: [{ variant_id: v }] })
    await capture(api, admin, order.id)
    const keysUrl = `/admin/orders/${order.id}/license-keys`
    const [pending] = await eventually(async () => {
      const { body } = await call("GET", "/admin/orders/{id}/license-keys", keysUrl)
      expect(body.license_keys).toHaveLength(1)
      return body.license_keys
    }, 15_000)
    expect(pending.state).toBe("pending")
    expect((await call("POST", "/admin/license-keys/{id}/reveal", `/admin/license-keys/${pending.id}/reveal`)).status).toBe(400)
    expect((await call("GET", "/admin/orders/{id}/license-keys", "/admin/orders/order_missing/license-keys")).status).toBe(404)
    expect((await call("POST", pool, `/admin/digital-delivery/variants/${v}/license-keys/pool`, { body: { keys: "" } })).status).toBe(400)
    expect((await call("POST", pool, "/admin/digital-delivery/variants/variant_missing/license-keys/pool", { body: { keys: "A" } })).status).toBe(404)
    const uploaded = await call("POST", pool, `/admin/digital-delivery/variants/${v}/license-keys/pool`, { body: { keys: "TOOL-0001\nTOOL-0002\nTOOL-0003" } })
    expect([uploaded.body.added, uploaded.body.issued_pending, uploaded.body.license_config.pool_remaining]).toEqual([3, 1, 2])

    const revealed = await call("POST", "/admin/license-keys/{id}/reveal", `/admin/license-keys/${pending.id}/reveal`)
    expect(revealed.body.key).toBe("TOOL-0001")
    expect((await call("POST", "/admin/license-keys/{id}/reveal", "/admin/license-keys/lkey_missing/reveal")).status).toBe(404)
    const replaced = await call("POST", "/admin/license-keys/{id}/replace", `/admin/license-keys/${pending.id}/replace`)
    expect([replaced.body.replaced.state, replaced.body.license_key.state, replaced.body.license_key.masked_key]).toEqual(["revoked", "active", "••••-0002"])
    expect((await call("POST", "/admin/license-keys/{id}/replace", `/admin/license-keys/${pending.id}/replace`)).status).toBe(400)
    expect((await call("POST", "/admin/license-keys/{id}/replace", "/admin/license-keys/lkey_missing/replace")).status).toBe(404)
    expect((await call("POST", "/admin/license-keys/{id}/revoke", `/admin/license-keys/${replaced.body.license_key.id}/revoke`)).body.license_key.state).toBe("revoked")
    expect((await call("POST", "/admin/license-keys/{id}/revoke", "/admin/license-keys/lkey_missing/revoke")).status).toBe(404)

    const publicKey = await call("GET", "/admin/digital-delivery/license-keys/public-key", "/admin/digital-delivery/license-keys/public-key")
    expect(publicKey.body.public_key_pem).toMatch(/^-----BEGIN PUBLIC KEY-----/)
  })

  it("called every documented Admin operation and saw every status documented for it", () => {
    // Called as the admin (the 401 round above calls every operation without one).
    const seen = new Set([...exercised].filter((e) => !e.endsWith(" 401")).map((e) => e.split(" ").slice(0, 2).join(" ")))
    expect(operations("/admin/").filter((op) => !seen.has(op))).toEqual([])
    expect(statuses("/admin/").filter((s) => !exercised.has(s))).toEqual([])
  })
})
