import crypto from "crypto"
import { Modules } from "@medusajs/framework/utils"
import { download, eventually } from "../helpers/files"
import { httpSuite, linksIn } from "../helpers/harness"
import { capture, checkout, createDigitalProduct, registerCustomer } from "../helpers/store"

/**
 * Releases (issue 17): replacing a file publishes a release with a label,
 * notes and extra downloads; buyers see the release they get on the order
 * page, in the library, in the Store API and in the delivery email; earlier
 * releases download through the same grant while the merchant keeps them.
 */
const sha = (b: Buffer | string) => crypto.createHash("sha256").update(b).digest("hex")

httpSuite({ store: true, fakeResend: true }, (app) => {
  const { api, admin, store } = app
  const v1 = crypto.randomBytes(30_000)
  const v2 = crypto.randomBytes(45_000)
  let product: { productId: string; variantId: string; assets: any[] }
  let customerToken: string
  let ownerOrder: any
  let guestOrder: any
  const CUSTOMER = { email: "reader@example.com", password: "reader-password-1" }

  /** Publishes a release: POST /admin/digital-assets/:id/file with the file and the release's fields. */
  async function publish(assetId: string, content: Buffer | string, name: string, fields: Record<string, string> = {}) {
    const form = new FormData()
    for (const [k, v] of Object.entries(fields)) form.append(k, v)
    form.append("file", new Blob([typeof content === "string" ? content : new Uint8Array(content)]), name)
    const res = await fetch(`${app.baseURL}/admin/digital-assets/${assetId}/file`, { method: "POST", headers: admin.headers, body: form })
    return { status: res.status, body: (await res.json()) as any }
  }
  const orderOf = async (orderId: string) => (await api.get(`/admin/orders/${orderId}/digital-delivery`, admin)).data
  const grantOf = async (grantId: string) => (await api.get(`/admin/download-grants/${grantId}`, admin)).data.download_grant
  const activityOf = async (grantId: string) =>
    ((await api.get(`/admin/download-grants/${grantId}/history?limit=200`, admin)).data.history as any[]).filter((e) => e.kind === "activity")
  const storeGet = async (url: string, token?: string) => {
    const res = await fetch(app.baseURL + url, {
      headers: { ...store.storeHeaders.headers, accept: "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    })
    return { status: res.status, body: (await res.json()) as any }
  }
  const storePost = async (url: string, body: unknown, token: string) => {
    const res = await fetch(app.baseURL + url, {
      method: "POST",
      headers: { ...store.storeHeaders.headers, "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    })
    return { status: res.status, body: (await res.json()) as any }
  }
  /** Logs in through the hosted form; returns the session cookie. */
  async function libraryCookie() {
    const origin = new URL(app.baseURL).origin
    const page = await fetch(`${app.baseURL}/digital-downloads/login?next=/digital-downloads/library`)
    const html = await page.text()
    const fields = new URLSearchParams()
    for (const input of html.matchAll(/<input\b[^>]*>/g)) {
      const name = /\bname="([^"]*)"/.exec(input[0])?.[1]
      if (name) fields.set(name, (/\bvalue="([^"]*)"/.exec(input[0])?.[1] ?? "").replace(/&amp;/g, "&"))
    }
    fields.set("email", CUSTOMER.email)
    fields.set("password", CUSTOMER.password)
    const cookies = new Map<string, string>()
    for (const c of page.headers.getSetCookie()) cookies.set(c.split(";")[0].split("=")[0], c.split(";")[0])
    const login = await fetch(`${app.baseURL}/digital-downloads/login`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin,
        "sec-fetch-site": "same-origin",
        ...(cookies.size ? { cookie: [...cookies.values()].join("; ") } : {}),
      },
      body: fields,
      redirect: "manual",
    })
    expect(login.status).toBe(303)
    for (const c of login.headers.getSetCookie()) cookies.set(c.split(";")[0].split("=")[0], c.split(";")[0])
    return [...cookies.values()].join("; ")
  }
  const libraryPage = async (cookie: string) => (await fetch(`${app.baseURL}/digital-downloads/library`, { headers: { cookie }, redirect: "manual" })).text()

  app.seed(async () => {
    product = await createDigitalProduct(api, admin, app.baseURL, store, [{ name: "Guide.pdf", content: v1 }])
    customerToken = await registerCustomer(api, store, CUSTOMER.email, CUSTOMER.password)
    ownerOrder = await checkout(api, store, { email: CUSTOMER.email, customerToken, items: [{ variant_id: product.variantId }] })
    guestOrder = await checkout(api, store, { email: "guest-reader@example.com", items: [{ variant_id: product.variantId }] })
    await capture(api, admin, ownerOrder.id)
    await capture(api, admin, guestOrder.id)
    for (const order of [ownerOrder, guestOrder]) {
      await eventually(async () => expect((await orderOf(order.id)).download_grants).toHaveLength(1), 15_000)
    }
  })

  it("a release with a label and notes reaches the order page, the library, the Store API and the email; the event carries it", async () => {
    const published: any[] = []
    const bus = app.container().resolve(Modules.EVENT_BUS)
    bus.subscribe("digital_delivery.release_published", async (event: any) => {
      published.push(event.data ?? event)
    })
    const assetId = product.assets[0].id
    const notes = "Two new chapters.\n\nErrata: https://shop.example/errata <script>alert(1)</script>"
    const res = await publish(assetId, v2, "Guide-2.pdf", { version_label: "2.1.0", release_notes: notes, notify: "true" })
    expect(res.status).toBe(200)
    expect(res.body.digital_asset).toEqual(expect.objectContaining({ version: 2, size: v2.length, filename: "Guide.pdf" }))
    const rows = res.body.digital_asset.versions.sort((a: any, b: any) => a.version - b.version)
    expect(rows.map((r: any) => [r.version, r.version_label, r.release_notes, r.extra_downloads])).toEqual([
      [1, null, null, 0],
      [2, "2.1.0", notes, 0],
    ])
    expect(JSON.stringify(res.body)).not.toMatch(/file_id|private-/)
    await eventually(async () => expect(published).toEqual([{ asset_id: assetId, version: 2, notify: true }]))

    // The guest order page: the release's label, date and notes (paragraphs, the merchant's link, nothing else).
    const { order_page_url } = await orderOf(guestOrder.id)
    const page = await (await fetch(app.link(order_page_url))).text()
    expect(page).toMatch(/data-release="2">2\.1\.0 · released [A-Z][a-z]+ \d+, 20\d\d</)
    expect(page).toContain("<p>Two new chapters.</p>")
    expect(page).toContain('<a href="https://shop.example/errata"')
    expect(page).toContain("&#60;script&#62;alert(1)&#60;/script&#62;")
    expect(page).not.toContain("<script>")
    expect(page).not.toContain("data-earlier-releases")
    // In French, the words are French.
    const fr = await (await fetch(app.link(order_page_url), { headers: { "accept-language": "fr" } })).text()
    expect(fr).toMatch(/2\.1\.0 · publiée le \d+ [^<]+ 20\d\d</)
    expect(fr).toContain("Nouveautés")

    // The library of the registered buyer.
    const library = await libraryPage(await libraryCookie())
    expect(library).toMatch(/data-release="2">2\.1\.0 · released/)
    expect(library).toContain("<p>Two new chapters.</p>")

    // The Store API: the order's files and the customer's downloads.
    const orderFiles = await storeGet(`/store/digital-downloads/orders/${ownerOrder.id}`, customerToken)
    const release = {
      version: 2,
      label: "2.1.0",
      published_at: expect.any(String),
      size: v2.length,
      notes,
      notes_html: expect.stringContaining("<p>Two new chapters.</p>"),
    }
    expect(orderFiles.body.files.map((f: any) => [f.release, f.earlier_releases])).toEqual([[release, []]])
    expect(orderFiles.body.files[0].release.notes_html).not.toContain("<script>")
    const mine = await storeGet("/store/digital-downloads", customerToken)
    expect(mine.body.digital_downloads.map((d: any) => [d.release, d.earlier_releases])).toEqual([[release, []]])

    // The delivery email names the version after the file's name.
    await api.post(`/admin/orders/${guestOrder.id}/digital-delivery/resend`, {}, admin)
    const email = await eventually(async () => {
      const sent = app.emailsTo("guest-reader@example.com")
      expect(sent.length).toBeGreaterThan(0)
      return sent[sent.length - 1]
    }, 10_000)
    expect(email.body.text).toMatch(/- Guide\.pdf — 2\.1\.0 \(/)
    expect(email.body.html).toContain("Guide.pdf <span")
    expect(email.body.html).toContain("— 2.1.0</span>")
    // The link in it serves the new bytes.
    const link = linksIn(email.body.text).find((l) => !l.includes("/orders/"))!
    expect((await download(app.link(link))).sha256).toBe(sha(v2))
  })

  it("a release without a label is named 'version N'; notify defaults to false", async () => {
    const published: any[] = []
    app.container().resolve(Modules.EVENT_BUS).subscribe("digital_delivery.release_published", async (event: any) => {
      published.push(event.data ?? event)
    })
    const assetId = product.assets[0].id
    expect((await publish(assetId, v2, "Guide.pdf")).status).toBe(200)
    await eventually(async () => expect(published).toEqual([{ asset_id: assetId, version: 2, notify: false }]))
    await api.post(`/admin/orders/${guestOrder.id}/digital-delivery/resend`, {}, admin)
    const email = await eventually(async () => {
      const sent = app.emailsTo("guest-reader@example.com")
      expect(sent.length).toBeGreaterThan(0)
      return sent[sent.length - 1]
    }, 10_000)
    expect(email.body.text).toMatch(/- Guide\.pdf — version 2 \(/)
    const page = await (await fetch(app.link((await orderOf(guestOrder.id)).order_page_url))).text()
    expect(page).toMatch(/data-release="2">Version 2 · released/)
  })

  it("extra downloads raise the limit of live grants only, revive a used-up one, and are in each grant's history", async () => {
    const asset = await app.upload("abcdefghij", "Extra.txt")
    const other = await app.upload("other", "Other.txt")
    const past = new Date(Date.now() - 86_400_000)
    const [used, unlimited, revoked, expired, elsewhere] = await Promise.all([
      app.grant(asset.id, { max_downloads: 1 }),
      app.grant(asset.id, { max_downloads: null }),
      app.grant(asset.id, { max_downloads: 2 }),
      app.grant(asset.id, { max_downloads: 2, expires_at: past }),
      app.grant(other.id, { max_downloads: 2 }),
    ])
    await api.post(`/admin/download-grants/${revoked.id}/revoke`, {}, admin)
    // The one download of `used` is spent.
    expect((await download(app.link(used.download_url))).status).toBe(200)
    await eventually(async () => expect((await download(app.link(used.download_url))).status).toBe(410))

    const res = await publish(asset.id, "ABCDEFGHIJ", "Extra.txt", { extra_downloads: "3", version_label: "1.1" })
    expect(res.status).toBe(200)
    const limits = await Promise.all([used, unlimited, revoked, expired, elsewhere].map(async (g) => (await grantOf(g.id)).max_downloads))
    expect(limits).toEqual([4, null, 2, 2, 2])
    expect(res.body.digital_asset.versions.find((v: any) => v.version === 2).extra_downloads).toBe(3)

    // The used-up buyer gets the update.
    const again = await download(app.link(used.download_url))
    expect([again.status, again.sha256]).toEqual([200, sha("ABCDEFGHIJ")])

    // One entry per raised grant, with who published it and why; none on the others.
    const entry = (await activityOf(used.id)).find((e) => e.action === "limit_changed")
    expect(entry).toEqual(
      expect.objectContaining({
        actor_type: "user",
        actor_email: "admin@example.com",
        change: { from: 1, to: 4 },
        details: { reason: "release", version: 2, version_label: "1.1", extra_downloads: 3 },
      })
    )
    for (const g of [unlimited, revoked, expired, elsewhere]) {
      expect((await activityOf(g.id)).filter((e) => e.action === "limit_changed")).toEqual([])
    }
  })

  it("keep_earlier_releases on: an earlier release downloads with its own bytes and ETag on the same grant; off: 404", async () => {
    const first = crypto.randomBytes(20_000)
    const second = crypto.randomBytes(10_000)
    const asset = await app.upload(first, "Book.pdf")
    const other = await app.upload("x", "Other.pdf")
    for (const n of [2, 3]) expect((await publish(other.id, `x${n}`, "Other.pdf")).status).toBe(200)
    const grant = await app.grant(asset.id, { max_downloads: 3 })
    expect((await publish(asset.id, second, "Book.pdf", { version_label: "Second edition", release_notes: "Rewritten." })).status).toBe(200)
    const link = app.link(grant.download_url)
    const json = { accept: "application/json" }

    // Off (the default): only the latest is served; an earlier release is a clear 404.
    const off = await fetch(`${link}?release=1`, { headers: json })
    expect([off.status, ((await off.json()) as any).code]).toEqual([404, "release_not_found"])
    const offPage = await fetch(`${link}?release=1`)
    expect(offPage.status).toBe(404)
    expect(await offPage.text()).toContain("Version not available")

    // On.
    const updated = await api.post(`/admin/digital-assets/${asset.id}`, { keep_earlier_releases: true }, admin)
    expect(updated.data.digital_asset.keep_earlier_releases).toBe(true)
    const current = await download(link)
    const earlier = await download(`${link}?release=1`)
    expect([current.status, current.sha256, earlier.status, earlier.sha256]).toEqual([200, sha(second), 200, sha(first)])
    const etag = earlier.headers.get("etag")!
    expect(etag).not.toBe(current.headers.get("etag"))
    expect(etag).toMatch(/^"v1-/)
    // Range and If-Range per release.
    const part = await download(`${link}?release=1`, { range: "bytes=0-99", "if-range": etag })
    expect([part.status, part.bytes, part.headers.get("etag"), part.headers.get("content-range")]).toEqual([206, 100, etag, `bytes 0-99/${first.length}`])
    const stale = await download(`${link}?release=1`, { range: "bytes=0-99", "if-range": current.headers.get("etag")! })
    expect([stale.status, stale.sha256]).toEqual([200, sha(first)])
    // The same grant is charged: 1 (current) + 1 (release 1) + 100 bytes of release 1 + 1 (release 1 again).
    await eventually(async () => expect((await grantOf(grant.id)).downloads_used).toBeCloseTo(3, 1))
    const exhausted = await fetch(`${link}?release=1`, { headers: json })
    expect([exhausted.status, ((await exhausted.json()) as any).code]).toEqual([410, "limit_reached"])
    await api.post(`/admin/download-grants/${grant.id}`, { downloads_used: 0 }, admin)

    // Unknown releases, another asset's version number, not a number: 404.
    for (const release of ["3", "0", "abc", "1.0", "-1"]) {
      const res = await fetch(`${link}?release=${release}`, { headers: json })
      expect([release, res.status, ((await res.json()) as any).code]).toEqual([release, 404, "release_not_found"])
    }
    // The current release by its number is the current file.
    expect((await download(`${link}?release=2`)).sha256).toBe(sha(second))

    // The order page lists the earlier release with its notes-free line and its own link.
    const { order_page_url } = await orderOf(grant.order_id)
    const page = await (await fetch(app.link(order_page_url))).text()
    expect(page).toMatch(/data-release="2">Second edition · released/)
    expect(page).toContain("<p>Rewritten.</p>")
    expect(page).toMatch(/data-earlier-releases><summary>Earlier versions \(1\)<\/summary>/)
    const earlierLink = /<li data-release-version="1">[\s\S]*?href="([^"]+)"/.exec(page)![1].replace(/&#38;/g, "&")
    expect(earlierLink).toMatch(/\?release=1$/)
    expect((await download(app.link(earlierLink))).sha256).toBe(sha(first))

    // Off again: 404 again; the current file still downloads.
    await api.post(`/admin/digital-assets/${asset.id}`, { keep_earlier_releases: false }, admin)
    expect((await fetch(`${link}?release=1`, { headers: json })).status).toBe(404)
    expect((await download(link)).status).toBe(200)
  })

  it("the Store API and the library list kept releases and hand out links to them", async () => {
    const assetId = product.assets[0].id
    expect((await publish(assetId, v2, "Guide.pdf", { version_label: "2.0" })).status).toBe(200)
    await api.post(`/admin/digital-assets/${assetId}`, { keep_earlier_releases: true }, admin)

    const orderFiles = await storeGet(`/store/digital-downloads/orders/${ownerOrder.id}`, customerToken)
    const file = orderFiles.body.files[0]
    expect([file.release.version, file.release.label]).toEqual([2, "2.0"])
    expect(file.earlier_releases.map((r: any) => [r.version, r.label, r.size])).toEqual([[1, null, v1.length]])
    expect((await download(app.link(file.earlier_releases[0].download_url))).sha256).toBe(sha(v1))
    // Anyone else with the order id: the releases, no links.
    const anonymous = await storeGet(`/store/digital-downloads/orders/${ownerOrder.id}`)
    expect(anonymous.body.files[0].earlier_releases.map((r: any) => [r.version, r.download_url])).toEqual([[1, null]])

    const mine = await storeGet("/store/digital-downloads", customerToken)
    const download1 = mine.body.digital_downloads[0]
    expect(download1.earlier_releases.map((r: any) => r.version)).toEqual([1])
    const link = await storePost(`/store/digital-downloads/${download1.id}/link`, { release: 1 }, customerToken)
    expect(link.status).toBe(200)
    expect(link.body.url).toMatch(/\?release=1$/)
    expect((await download(app.link(link.body.url))).sha256).toBe(sha(v1))
    expect((await storePost(`/store/digital-downloads/${download1.id}/link`, { release: 9 }, customerToken)).status).toBe(404)
    const bad = await storePost(`/store/digital-downloads/${download1.id}/link`, { release: "one" }, customerToken)
    expect([bad.status, bad.body.message]).toEqual([400, expect.stringContaining("release")])

    // The hosted library: the earlier release and its link through the session.
    const cookie = await libraryCookie()
    const library = await libraryPage(cookie)
    expect(library).toMatch(/data-release="2">2\.0 · released/)
    const href = /<li data-release-version="1">[\s\S]*?href="([^"]+)"/.exec(library)![1].replace(/&#38;/g, "&")
    expect(href).toMatch(/^\/digital-downloads\/library\/download\/[^?]+\?release=1$/)
    const redirect = await fetch(app.baseURL + href, { headers: { cookie }, redirect: "manual" })
    expect(redirect.status).toBe(303)
    expect(redirect.headers.get("location")).toMatch(/\?release=1$/)
    expect((await download(app.link(redirect.headers.get("location")!))).sha256).toBe(sha(v1))
  })

  it("refuses bad release fields with a 400 naming the field, keeping the asset as it was", async () => {
    const asset = await app.upload("one", "Field.txt")
    const cases: [Record<string, string>, string][] = [
      [{ version_label: "x".repeat(101) }, "version_label"],
      [{ release_notes: "n".repeat(10_001) }, "release_notes"],
      [{ notify: "maybe" }, "notify"],
      [{ extra_downloads: "1001" }, "extra_downloads"],
      [{ extra_downloads: "-1" }, "extra_downloads"],
      [{ extra_downloads: "1.5" }, "extra_downloads"],
      [{ extra_downloads: "lots" }, "extra_downloads"],
      [{ colour: "red" }, "colour"],
    ]
    for (const [fields, field] of cases) {
      const res = await publish(asset.id, "two", "Field.txt", fields)
      expect([field, res.status, res.body.type, res.body.message]).toEqual([field, 400, "invalid_data", expect.stringContaining(field)])
      expect(res.body.errors.map((e: any) => e.path.join("."))).toContain(field === "colour" ? "" : field)
    }
    const after = (await api.get(`/admin/digital-assets/${asset.id}`, admin)).data.digital_asset
    expect([after.version, after.versions.length]).toEqual([1, 1])
    // At the limits: accepted.
    const ok = await publish(asset.id, "two", "Field.txt", {
      version_label: "x".repeat(100),
      release_notes: "n".repeat(10_000),
      notify: "false",
      extra_downloads: "1000",
    })
    expect([ok.status, ok.body.digital_asset.version]).toEqual([200, 2])
  })
})
