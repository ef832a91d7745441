import { httpSuite } from "../helpers/harness"
import { registerCustomer } from "../helpers/store"

/**
 * The hosted login and logout forms against cross-site request forgery: a page
 * on another site must not log the buyer in (login CSRF: into the attacker's
 * account) or out. Headers are the ones browsers send with a form POST.
 */
const FORM = { "content-type": "application/x-www-form-urlencoded" }
const ATTACKER = "https://attacker.example"

/** The cross-site POSTs a browser makes when another site's form (or script) targets ours. */
const CROSS_SITE: Record<string, Record<string, string>> = {
  // Chromium, Firefox, Safari ≥ 16.4: Fetch Metadata and the page's origin.
  "a modern browser": { origin: ATTACKER, "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate", "sec-fetch-dest": "document" },
  // A sibling subdomain (another app of the store's domain, or one taken over).
  "a sibling subdomain": { origin: "https://blog.localhost", "sec-fetch-site": "same-site", "sec-fetch-mode": "navigate" },
  // No Fetch Metadata: an older browser, or plain http on a non-local address.
  "a browser without Fetch Metadata": { origin: ATTACKER },
  // The attacker's page says Referrer-Policy: no-referrer, or is a sandboxed iframe.
  "an opaque origin (Origin: null)": { origin: "null" },
}

type Jar = Map<string, string>
const remember = (jar: Jar, res: Response) => {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(";")
    const i = pair.indexOf("=")
    jar.set(pair.slice(0, i), pair.slice(i + 1))
  }
}
const cookieHeader = (jar: Jar) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ")

/** The fields a browser submits for the form posting to `action` (hidden inputs included). */
function formFields(html: string, action: string): URLSearchParams {
  const form = new RegExp(`<form[^>]*action="${action}"[^>]*>([\\s\\S]*?)</form>`).exec(html)
  if (!form) throw new Error(`no form posting to ${action} in:\n${html}`)
  const fields = new URLSearchParams()
  for (const input of form[1].matchAll(/<input\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(input[0])?.[1]
    const value = /\bvalue="([^"]*)"/.exec(input[0])?.[1] ?? ""
    if (name) fields.set(name, value.replace(/&amp;/g, "&").replace(/&quot;/g, '"'))
  }
  return fields
}

httpSuite({ store: true, timeout: 120_000 }, (app) => {
  const { api, store } = app
  const VICTIM = { email: "victim@example.com", password: "victim-password-1" }
  const MALLORY = { email: "mallory@example.com", password: "mallory-password-1" }

  beforeAll(async () => {
    const asset = await app.upload("the victim's own file\n", "Victim-notes.txt")
    // The victim owns one file; the attacker's account owns none.
    const token = await registerCustomer(api, store, VICTIM.email, VICTIM.password)
    const customerId = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString()).actor_id
    await app.issueGrants([{ order_id: "order_csrf", line_item_id: "li_csrf", asset_id: asset.id, customer_id: customerId, email: VICTIM.email }])
    await registerCustomer(api, store, MALLORY.email, MALLORY.password)
  })

  /** Chromium's same-origin form POST (Origin and Fetch Metadata) with the jar's cookies. */
  const sameOrigin = (jar: Jar) => ({
    ...FORM,
    origin: new URL(app.baseURL).origin,
    "sec-fetch-site": "same-origin",
    "sec-fetch-mode": "navigate",
    "sec-fetch-dest": "document",
    ...(jar.size ? { cookie: cookieHeader(jar) } : {}),
  })

  /** Logs in through the hosted form, as a browser does; returns the cookie jar. `extra: { name: "" }` drops a header. */
  async function logInWithTheForm(who: { email: string; password: string }, extra: Record<string, string> = {}) {
    const jar: Jar = new Map()
    const page = await fetch(`${app.baseURL}/digital-downloads/login?next=/digital-downloads/library`, {
      headers: { "sec-fetch-site": "none", "sec-fetch-mode": "navigate", "sec-fetch-dest": "document" },
    })
    expect(page.status).toBe(200)
    remember(jar, page)
    const fields = formFields(await page.text(), "/digital-downloads/login")
    expect(fields.get("next")).toBe("/digital-downloads/library")
    fields.set("email", who.email)
    fields.set("password", who.password)
    const login = await fetch(`${app.baseURL}/digital-downloads/login`, {
      method: "POST",
      headers: Object.fromEntries(Object.entries({ ...sameOrigin(jar), ...extra }).filter(([, v]) => v !== "")),
      body: fields,
      redirect: "manual",
    })
    expect(login.status).toBe(303)
    expect(login.headers.get("location")).toBe("/digital-downloads/library")
    remember(jar, login)
    return jar
  }

  const library = (jar: Jar) =>
    fetch(`${app.baseURL}/digital-downloads/library`, { headers: { cookie: cookieHeader(jar) }, redirect: "manual" })

  describe("the forms still work in a browser", () => {
    it("logs in with the hosted form, opens the library, logs out from it", async () => {
      // Browsers without Fetch Metadata send the page's real Origin (not "null")
      // with the form only if the page's Referrer-Policy allows it.
      const loginPage = await fetch(`${app.baseURL}/digital-downloads/login`)
      expect(loginPage.headers.get("referrer-policy")).toBe("same-origin")
      const jar = await logInWithTheForm(VICTIM)
      const page = await library(jar)
      expect(page.status).toBe(200)
      expect(page.headers.get("referrer-policy")).toBe("same-origin")
      const html = await page.text()
      expect(html).toContain("Victim-notes.txt")

      const logout = await fetch(`${app.baseURL}/digital-downloads/logout`, {
        method: "POST",
        headers: sameOrigin(jar),
        body: formFields(html, "/digital-downloads/logout"),
        redirect: "manual",
      })
      expect(logout.status).toBe(303)
      expect(logout.headers.get("location")).toBe("/digital-downloads/login")
      const after = await library(jar)
      expect(after.status).toBe(302)
      expect(after.headers.get("location")).toMatch(/^\/digital-downloads\/login/)
    })

    it("accepts the form from a browser without Fetch Metadata, and behind a proxy", async () => {
      const origin = new URL(app.baseURL).origin
      // Origin only (older browsers, plain http): it names this server.
      expect((await library(await logInWithTheForm(VICTIM, { "sec-fetch-site": "", origin }))).status).toBe(200)
      // A proxy that forwards the public host in X-Forwarded-Host (Medusa trusts one hop).
      const proxied = { "sec-fetch-site": "", origin: "https://shop.example", "x-forwarded-host": "shop.example", "x-forwarded-proto": "https" }
      expect((await library(await logInWithTheForm(VICTIM, proxied))).status).toBe(200)
      // The plugin's backend_url (http://localhost:9000 in the host config).
      expect((await library(await logInWithTheForm(VICTIM, { "sec-fetch-site": "", origin: "http://localhost:9000" }))).status).toBe(200)
    })
  })

  describe("cross-site POSTs are refused and change nothing", () => {
    it.each(Object.entries(CROSS_SITE))("login from %s: 403 in the buyer's language, no session", async (_, headers) => {
      const res = await fetch(`${app.baseURL}/digital-downloads/login`, {
        method: "POST",
        headers: { ...FORM, ...headers, "accept-language": "fr-FR,fr;q=0.9" },
        body: new URLSearchParams({ ...MALLORY, next: "/digital-downloads/library" }),
        redirect: "manual",
      })
      expect(res.status).toBe(403)
      expect(res.headers.get("location")).toBeNull()
      expect(res.headers.getSetCookie()).toEqual([])
      expect(res.headers.get("content-type")).toMatch(/^text\/html/)
      expect(await res.text()).toContain("Requête refusée")
    })

    it("an API client gets the refusal as JSON", async () => {
      const res = await fetch(`${app.baseURL}/digital-downloads/login`, {
        method: "POST",
        headers: { ...FORM, ...CROSS_SITE["a modern browser"], accept: "application/json" },
        body: new URLSearchParams(MALLORY),
      })
      expect(res.status).toBe(403)
      expect(await res.json()).toEqual({ code: "cross_site_request", message: expect.stringMatching(/another (web)?site/i) })
    })

    it("a cross-site login does not replace the buyer's session (login CSRF)", async () => {
      const victim = await logInWithTheForm(VICTIM)
      const forged = await fetch(`${app.baseURL}/digital-downloads/login`, {
        method: "POST",
        headers: { ...FORM, ...CROSS_SITE["a modern browser"], cookie: cookieHeader(victim) },
        body: new URLSearchParams({ ...MALLORY, next: "/digital-downloads/library" }),
        redirect: "manual",
      })
      expect(forged.status).toBe(403)
      expect(forged.headers.getSetCookie()).toEqual([])
      // Still the victim's own session and files.
      const page = await library(victim)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain("Victim-notes.txt")
    })

    it.each(Object.entries(CROSS_SITE))("logout from %s: 403, the buyer stays logged in", async (_, headers) => {
      const jar = await logInWithTheForm(VICTIM)
      const res = await fetch(`${app.baseURL}/digital-downloads/logout`, {
        method: "POST",
        headers: { ...FORM, ...headers, cookie: cookieHeader(jar), "accept-language": "pl" },
        redirect: "manual",
      })
      expect(res.status).toBe(403)
      expect(res.headers.get("location")).toBeNull()
      expect(await res.text()).toContain("Żądanie odrzucone")
      const page = await library(jar)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain("Victim-notes.txt")
    })
  })
})
