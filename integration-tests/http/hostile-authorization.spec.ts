import crypto from "crypto"
import path from "path"
import { httpSuite } from "../helpers/harness"
import { declaredRoutes, responseOf } from "../helpers/hostile"
import { checkout, createDigitalProduct, registerCustomer } from "../helpers/store"

/**
 * The authorization matrix: customers see only their own grants, guest links
 * never open the library, every admin route refuses anonymous and customer
 * credentials, store routes require a publishable key.
 */
const pluginRoot = path.resolve(__dirname, "../..")
const json = { accept: "application/json" }
const pathOf = (url: string) => new URL(url).pathname
const tokenOf = (grant: { download_url: string }) => pathOf(grant.download_url).split("/").pop()!

httpSuite({ store: true, fakeResend: true, timeout: 300_000 }, (app) => {
  const { api, admin, store } = app
  // Alice (A) and Bob (B) each bought one product with their account.
  let tokenA: string
  let tokenB: string
  let grantA: any
  let grantB: any
  let orderPageA: string

  app.seed(async () => {
    const productA = await createDigitalProduct(api, admin, app.baseURL, store, [{ name: "Alpha-secret.pdf", content: crypto.randomBytes(2000) }])
    const productB = await createDigitalProduct(api, admin, app.baseURL, store, [{ name: "Bravo-secret.pdf", content: crypto.randomBytes(2000) }])
    tokenA = await registerCustomer(api, store, "alice@example.com", "alice-password-1")
    tokenB = await registerCustomer(api, store, "bob@example.com", "bob-password-1")
    const orderA = await checkout(api, store, { email: "alice@example.com", customerToken: tokenA, items: [{ variant_id: productA.variantId }] })
    const orderB = await checkout(api, store, { email: "bob@example.com", customerToken: tokenB, items: [{ variant_id: productB.variantId }] })
    const deliveredA = (await api.post(`/admin/orders/${orderA.id}/digital-delivery`, {}, admin)).data
    const deliveredB = (await api.post(`/admin/orders/${orderB.id}/digital-delivery`, {}, admin)).data
    ;[grantA] = deliveredA.download_grants
    ;[grantB] = deliveredB.download_grants
    expect(grantA.customer_id).toBeTruthy()
    expect(grantB.customer_id).toBeTruthy()
    expect(grantA.customer_id).not.toBe(grantB.customer_id)
    orderPageA = pathOf(deliveredA.order_page_url)
  })

  const storeAs = (token?: string, extra: Record<string, string> = {}) => ({
    headers: { ...store.storeHeaders.headers, ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra },
  })

  /** Alice logs in to the hosted library; returns her session cookie. */
  async function aliceSession() {
    const login = await fetch(`${app.baseURL}/digital-downloads/login`, {
      method: "POST",
      body: new URLSearchParams({ email: "alice@example.com", password: "alice-password-1" }),
      redirect: "manual",
    })
    expect(login.status).toBe(303)
    return login.headers.get("set-cookie")!.split(";")[0]
  }

  it("Store API: a customer lists and links only their own grants, whatever the query says", async () => {
    const listA = await api.get(`/store/digital-downloads?customer_id=${grantB.customer_id}&limit=1000&offset=-5`, storeAs(tokenA))
    expect(listA.data.digital_downloads.map((g: any) => g.id)).toEqual([grantA.id])
    expect(JSON.stringify(listA.data)).not.toContain("Bravo-secret")
    const listB = await api.get("/store/digital-downloads", storeAs(tokenB))
    expect(listB.data.digital_downloads.map((g: any) => g.id)).toEqual([grantB.id])

    const stolen = await responseOf(api.post(`/store/digital-downloads/${grantB.id}/link`, {}, storeAs(tokenA)))
    const missing = await responseOf(api.post(`/store/digital-downloads/dgrant_doesnotexist/link`, {}, storeAs(tokenA)))
    expect(stolen.status).toBe(404)
    expect(missing.status).toBe(404)
    // Someone else's grant and no grant at all read the same (only the echoed id differs).
    expect(JSON.stringify(stolen.data).replace(grantB.id, "ID")).toBe(JSON.stringify(missing.data).replace("dgrant_doesnotexist", "ID"))
    const own = await api.post(`/store/digital-downloads/${grantA.id}/link`, {}, storeAs(tokenA))
    expect(own.data.url).toMatch(/\/digital-downloads\//)
  })

  it("hosted library: A's session cannot reach B's files", async () => {
    const cookieA = await aliceSession()
    const library = await fetch(`${app.baseURL}/digital-downloads/library`, { headers: { cookie: cookieA } })
    const libraryHtml = await library.text()
    expect(library.status).toBe(200)
    expect(libraryHtml).toContain("Alpha-secret.pdf")
    expect(libraryHtml).not.toContain("Bravo-secret.pdf")
    const theirs = await fetch(`${app.baseURL}/digital-downloads/library/download/${grantB.id}`, { headers: { cookie: cookieA, ...json }, redirect: "manual" })
    expect(theirs.status).toBe(404)
    expect(theirs.headers.get("location")).toBeNull()
    const mine = await fetch(`${app.baseURL}/digital-downloads/library/download/${grantA.id}`, { headers: { cookie: cookieA }, redirect: "manual" })
    expect(mine.status).toBe(303)
  })

  it.each(["grant", "order"])("a guest %s link never opens the library, and is no Medusa session or bearer token", async (kind) => {
    const t = kind === "grant" ? tokenOf(grantA) : orderPageA.split("/").pop()!
    const toLogin = (res: Response) => {
      expect(res.status).toBe(302)
      expect(res.headers.get("location")).toMatch(/^\/digital-downloads\/login/)
    }
    // Whatever a guest page sets as cookies is worth nothing in the library.
    const page = await fetch(`${app.baseURL}${kind === "grant" ? `/digital-downloads/${t}` : orderPageA}`, { redirect: "manual" })
    expect(page.status).toBe(200)
    await page.arrayBuffer()
    const pageCookies = (page.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]).join("; ")
    const attempts: Record<string, string>[] = [
      { authorization: `Bearer ${t}` },
      { cookie: `connect.sid=${t}` },
      { cookie: `connect.sid=s%3A${t}` },
      ...(pageCookies ? [{ cookie: pageCookies }] : []),
    ]
    for (const headers of attempts) {
      toLogin(await fetch(`${app.baseURL}/digital-downloads/library`, { headers, redirect: "manual" }))
      toLogin(await fetch(`${app.baseURL}/digital-downloads/library/download/${grantA.id}`, { headers, redirect: "manual" }))
    }
    toLogin(await fetch(`${app.baseURL}/digital-downloads/library?token=${t}`, { redirect: "manual" }))
    // A guest token is not a Medusa session or bearer token either.
    const session = await fetch(`${app.baseURL}/auth/session`, { method: "POST", headers: { authorization: `Bearer ${t}` }, redirect: "manual" })
    expect([kind, session.status]).toEqual([kind, 401])
    expect(session.headers.get("set-cookie")).toBeNull()
    const storeList = await responseOf(api.get("/store/digital-downloads", storeAs(t)))
    expect([kind, storeList.status]).toEqual([kind, 401])
  })

  it("every admin route of the plugin refuses anonymous and customer credentials", async () => {
    const adminRoutes = declaredRoutes(path.join(pluginRoot, "src/api/admin"), "/admin")
    expect(adminRoutes.length).toBeGreaterThanOrEqual(20)
    const credentials: Record<string, Record<string, string>> = {
      none: {},
      "customer bearer": { authorization: `Bearer ${tokenA}` },
      "customer session": { cookie: await aliceSession() },
      "guest grant link as bearer": { authorization: `Bearer ${tokenOf(grantA)}` },
      "publishable key as basic auth": { authorization: `Basic ${Buffer.from(`${store.publishableKey}:`).toString("base64")}` },
      "publishable key header": { "x-publishable-api-key": store.publishableKey },
    }
    const refusals: string[] = []
    for (const route of adminRoutes) {
      for (const [who, headers] of Object.entries(credentials)) {
        const res = await fetch(app.baseURL + route.url, {
          method: route.method,
          headers: { ...headers, ...(route.method === "POST" ? { "content-type": "application/json" } : {}) },
          body: route.method === "POST" ? "{}" : undefined,
          redirect: "manual",
        })
        await res.arrayBuffer()
        const allowed = who === "none" ? [401] : [401, 403]
        if (!allowed.includes(res.status)) refusals.push(`${route.method} ${route.url} (${who}): ${res.status}`)
      }
    }
    expect(refusals).toEqual([])
  })

  it("store routes need the publishable key (Medusa's check runs before anything of ours), then a customer", async () => {
    const storeRoutes = declaredRoutes(path.join(pluginRoot, "src/api/store"), "/store", () => grantA.id)
    expect(storeRoutes.length).toBeGreaterThanOrEqual(2)
    const post = (method: string): Record<string, string> => (method === "POST" ? { "content-type": "application/json" } : {})
    for (const route of storeRoutes) {
      for (const key of [undefined, "pk_hostile_not_a_key"]) {
        const res = await fetch(app.baseURL + route.url, {
          method: route.method,
          headers: { authorization: `Bearer ${tokenA}`, ...(key ? { "x-publishable-api-key": key } : {}), ...post(route.method) },
          body: route.method === "POST" ? "{}" : undefined,
        })
        const body = await res.json()
        expect([route.method, route.url, key, res.status]).toEqual([route.method, route.url, key, 400])
        expect(body.message).toMatch(
          key
            ? /A valid publishable key is required to proceed with the request/
            : /^Publishable API key required in the request header: x-publishable-api-key\. You can manage your keys in settings in the dashboard\.$/
        )
      }
      // With the key but no customer: 401, except the order confirmation and
      // product routes (issue 16), open to anyone with the key by design (no
      // link without the order's customer: store-api.spec.ts); here their ids
      // are a grant's, so: not found, or the resend's answer for any id.
      const anonymous = await fetch(app.baseURL + route.url, {
        method: route.method,
        headers: { ...store.storeHeaders.headers, ...post(route.method) },
        body: route.method === "POST" ? "{}" : undefined,
      })
      const open = /^\/store\/digital-downloads\/(orders|products)\//.test(route.url)
      const expected = !open ? 401 : route.url.endsWith("/resend") ? 202 : 404
      expect([route.method, route.url, anonymous.status]).toEqual([route.method, route.url, expected])
    }
  })
})
