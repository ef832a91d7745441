import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { httpSuite } from "../helpers/harness"

// Low limits for this file only; counters in memory: one instance. The shared
// Redis counters are tested in integration-tests/cluster. Medusa trusts one
// proxy hop, so each test speaks from its own address through X-Forwarded-For.
const LIMITS = { window_seconds: 60, downloads_per_ip: 8, downloads_per_grant: 5, logins_per_ip: 3, licenses_per_ip: 6, licenses_per_key: 3 }

httpSuite({ env: { DD_TEST_RATE_LIMIT: JSON.stringify(LIMITS) }, timeout: 120_000 }, (app) => {
  let assetId: string
  beforeAll(async () => {
    assetId = (await app.upload("hello, reader\n", "notes.txt")).id
  })

  async function newGrant() {
    const grant = await app.grant(assetId, { order_id: "order_rl", max_downloads: 100, email: "rl@example.com" })
    return { id: grant.id as string, url: app.link(grant.download_url) }
  }

  // Counters live in clock-aligned windows (window_seconds); a test that crossed a
  // window's end would see its counts start again. Start each one well inside a window.
  beforeEach(async () => {
    const left = LIMITS.window_seconds * 1000 - (Date.now() % (LIMITS.window_seconds * 1000))
    if (left < 15_000) await new Promise((r) => setTimeout(r, left + 100))
  })

  const from = (ip: string, extra: Record<string, string> = {}) => ({ "x-forwarded-for": ip, accept: "application/json", ...extra })

  async function countOf(grantId: string) {
    const pg = app.container().resolve(ContainerRegistrationKeys.PG_CONNECTION)
    const [grant] = await pg("download_grant").where({ id: grantId }).select("downloads_used")
    const [{ n }] = await pg("download_event").where({ grant_id: grantId }).count("* as n")
    return { downloads: Number(grant.downloads_used), events: Number(n) }
  }

  it("limits requests per grant, from any address: 429 with Retry-After, in the buyer's language", async () => {
    const grant = await newGrant()
    for (let i = 0; i < LIMITS.downloads_per_grant; i++) {
      const res = await fetch(grant.url, { headers: from(`198.51.100.${i + 1}`) })
      expect(res.status).toBe(200)
      await res.arrayBuffer()
    }
    const refused = await fetch(grant.url, { headers: from("198.51.100.50") })
    expect(refused.status).toBe(429)
    const retryAfter = Number(refused.headers.get("retry-after"))
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(LIMITS.window_seconds)
    expect(await refused.json()).toEqual({ code: "too_many_requests", message: expect.stringMatching(/too many requests/i) })
    const page = await fetch(grant.url, { headers: { "x-forwarded-for": "198.51.100.51", accept: "text/html", "accept-language": "fr" } })
    expect(page.status).toBe(429)
    expect(await page.text()).toContain("Trop de requêtes")

    // The refusals neither counted a download nor wrote an event; another grant still opens.
    await new Promise((r) => setTimeout(r, 200))
    expect(await countOf(grant.id)).toEqual({ downloads: LIMITS.downloads_per_grant, events: LIMITS.downloads_per_grant })
    const other = await newGrant()
    expect((await fetch(other.url, { headers: from("198.51.100.50") })).status).toBe(200)
  })

  it("limits requests per address, valid links or not, on every public download route", async () => {
    const grant = await newGrant()
    const ip = "203.0.113.7"
    for (let i = 0; i < LIMITS.downloads_per_ip; i++) {
      const res = await fetch(`${app.baseURL}/digital-downloads/not-a-token-${i}`, { headers: from(ip) })
      expect(res.status).toBe(404)
    }
    const res = await fetch(grant.url, { headers: from(ip) })
    expect(res.status).toBe(429)
    expect((await fetch(`${app.baseURL}/digital-downloads/orders/whatever`, { headers: from(ip) })).status).toBe(429)
    expect((await countOf(grant.id)).downloads).toBe(0)
    // Someone else is not affected.
    expect((await fetch(grant.url, { headers: from("203.0.113.8") })).status).toBe(200)
  })

  it("limits login attempts per address", async () => {
    const attempt = (ip: string) =>
      fetch(`${app.baseURL}/digital-downloads/login`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": ip },
        body: "email=nobody%40example.com&password=wrong",
      })
    for (let i = 0; i < LIMITS.logins_per_ip; i++) expect((await attempt("192.0.2.44")).status).toBe(401)
    const refused = await attempt("192.0.2.44")
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0)
    expect((await attempt("192.0.2.45")).status).toBe(401)
  })

  it("limits the license activation API per key (from any address) and per address (any key)", async () => {
    const ask = (key: string, ip: string) =>
      fetch(`${app.baseURL}/digital-downloads/licenses/validate`, { method: "POST", headers: { ...from(ip), "content-type": "application/json" }, body: JSON.stringify({ key }) })
    for (let i = 0; i < LIMITS.licenses_per_key; i++) expect((await ask("ABCD-EFGH-JKMN-PQRS", `192.0.2.${60 + i}`)).status).toBe(404)
    const perKey = await ask("abcd efgh jkmn pqrs", "192.0.2.70")
    expect(perKey.status).toBe(429)
    expect(Number(perKey.headers.get("retry-after"))).toBeGreaterThan(0)
    expect((await ask("OTHER-KEY-1", "192.0.2.70")).status).toBe(404)
    for (let i = 2; i < LIMITS.licenses_per_ip; i++) expect((await ask(`OTHER-KEY-${i}`, "192.0.2.70")).status).toBe(404)
    expect((await ask("OTHER-KEY-99", "192.0.2.70")).status).toBe(429)
    expect((await ask("OTHER-KEY-99", "192.0.2.71")).status).toBe(404)
  })
})
