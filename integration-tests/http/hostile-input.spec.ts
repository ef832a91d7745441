import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import crypto from "crypto"
import fs from "fs"
import http from "http"
import jwt from "jsonwebtoken"
import os from "os"
import path from "path"
import { loginAsAdmin } from "../helpers/admin"
import { startFakeResend, type FakeResend } from "../helpers/fake-resend"
import { eventually } from "../helpers/files"
import {
  declaredRoutes,
  mapLimit,
  parseContentDisposition,
  rawMultipart,
  rawRequest,
  unsafeNameProblems,
  type RawPart,
} from "../helpers/hostile"
import { checkout, createDigitalProduct, registerCustomer, setupStore, type Store } from "../helpers/store"
import { LINK_SECRET, RESEND_TEST_KEY } from "../host/constants"

jest.setTimeout(300_000)

// This spec's own storage directory: it counts the private files left behind.
const previousStorageDir = process.env.DD_TEST_STORAGE_DIR
const storageDir = fs.mkdtempSync(path.join(os.tmpdir(), "dd-hostile-storage-"))
process.env.DD_TEST_STORAGE_DIR = storageDir
const privateDir = path.join(storageDir, "private")
// A small upload limit for this spec (the host reads it at boot).
const MAX_UPLOAD = 2 * 1024 * 1024
process.env.DD_TEST_MAX_UPLOAD_BYTES = String(MAX_UPLOAD)
const privateFiles = () => (fs.existsSync(privateDir) ? fs.readdirSync(privateDir).sort() : [])

const pluginRoot = path.resolve(__dirname, "../..")
const GRANT_AUDIENCE = "digital-delivery:grant"
const ORDER_AUDIENCE = "digital-delivery:order"
const sha = (b: Buffer | string) => crypto.createHash("sha256").update(b).digest("hex")
/** Where a storage key could show: the column name, file-local's key, the plugin's random name. */
const STORAGE_KEY = /file_id|private-\d+-|dd-[0-9a-f]{32}/

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

    beforeAll(async () => {
      admin = await loginAsAdmin(api, getContainer())
      baseURL = (api as any).defaults.baseURL
      store = await setupStore(api, admin)
    })

    afterAll(async () => {
      await fake?.close()
      delete process.env.DD_TEST_MAX_UPLOAD_BYTES
      if (previousStorageDir === undefined) delete process.env.DD_TEST_STORAGE_DIR
      else process.env.DD_TEST_STORAGE_DIR = previousStorageDir
      fs.rmSync(storageDir, { recursive: true, force: true })
    })

    beforeEach(() => fake.reset())

    const json = { accept: "application/json" }
    const fail = (p: Promise<any>) => p.then((r) => r, (e: any) => e.response ?? Promise.reject(e))

    /** Uploads bytes under a name, the way the admin does (FormData, as a browser would). */
    async function uploadBuffer(content: Buffer | string, name: string, fields: Record<string, string> = {}) {
      const form = new FormData()
      for (const [k, v] of Object.entries(fields)) form.append(k, v)
      form.append("file", new Blob([typeof content === "string" ? content : new Uint8Array(content)]), name)
      const res = await fetch(`${baseURL}/admin/digital-assets`, { method: "POST", headers: admin.headers, body: form })
      const text = await res.text()
      return { status: res.status, text, body: JSON.parse(text) }
    }

    async function uploadRaw(parts: RawPart[], options: { closing?: boolean } = {}) {
      const { body, contentType } = rawMultipart(parts, options)
      const res = await rawRequest(baseURL, "/admin/digital-assets", {
        method: "POST",
        headers: { ...admin.headers, "content-type": contentType, "content-length": String(body.length) },
        body,
      })
      const text = res.body.toString("utf8")
      return { status: res.status, text, body: JSON.parse(text) }
    }

    /** Issues a grant the way deliver-order does: by workflow id, through the app's engine. */
    async function grantFor(assetId: string, extra: Record<string, unknown> = {}) {
      const engine = getContainer().resolve(Modules.WORKFLOW_ENGINE)
      const { result } = await engine.run("issue-download-grants", {
        input: {
          lines: [
            {
              order_id: `order_hostile_${crypto.randomBytes(4).toString("hex")}`,
              line_item_id: `li_${crypto.randomBytes(6).toString("hex")}`,
              asset_id: assetId,
              max_downloads: null,
              email: "buyer@example.com",
              ...extra,
            },
          ],
        },
      })
      const { data } = await api.get(`/admin/download-grants/${(result as any)[0].id}`, admin)
      return data.download_grant
    }

    const pathOf = (url: string) => new URL(url).pathname
    const tokenOf = (grant: { download_url: string }) => pathOf(grant.download_url).split("/").pop()!

    // ------------------------------------------------------------------ 1

    it("200 simultaneous full downloads on a grant with a limit of 5: exactly 5 served (200) and counted, 195 refused (410), the counter reads 5", async () => {
      const content = crypto.randomBytes(256 * 1024)
      const created = await uploadBuffer(content, "race.bin")
      expect(created.status).toBe(201)
      const grant = await grantFor(created.body.digital_asset.id, { max_downloads: 5 })
      const link = pathOf(grant.download_url)

      // 200 sockets at once: no request waits for a free connection.
      const agent = new http.Agent({ keepAlive: false, maxSockets: 200 })
      let results: Awaited<ReturnType<typeof rawRequest>>[]
      try {
        results = await Promise.all(Array.from({ length: 200 }, () => rawRequest(baseURL, link, { headers: json, agent })))
      } finally {
        agent.destroy()
      }
      const served = results.filter((r) => r.status === 200)
      const refused = results.filter((r) => r.status === 410)
      expect(results.map((r) => r.status).filter((s) => s !== 200 && s !== 410)).toEqual([])
      expect(served).toHaveLength(5)
      expect(refused).toHaveLength(195)
      for (const r of served) {
        expect(r.body.length).toBe(content.length)
        expect(sha(r.body)).toBe(sha(content))
      }
      for (const r of refused) {
        expect(JSON.parse(r.body.toString()).code).toBe("limit_reached")
      }
      await eventually(async () => {
        const { data } = await api.get(`/admin/download-grants/${grant.id}`, admin)
        expect(data.download_grant.downloads_used).toBe(5)
        expect(data.download_grant.status).toBe("exhausted")
      })
    })

    // ------------------------------------------------------------------ 2

    it("10000 hostile tokens (mutated, truncated, wrong secret, wrong audience, alg none, replayed old version, garbage, overlong): all 404 with one identical body, nothing counted, the real link still works", async () => {
      const content = crypto.randomBytes(4096)
      const created = await uploadBuffer(content, "target.bin")
      const grant = await grantFor(created.body.digital_asset.id, { max_downloads: 3 })
      const oldToken = tokenOf(grant)
      // The merchant regenerates the link: the first one becomes a replay.
      const regenerated = await api.post(`/admin/download-grants/${grant.id}/regenerate-link`, {}, admin)
      const current = regenerated.data.download_grant
      expect(current.token_version).toBe(2)
      const token = tokenOf(current)
      expect(token).not.toBe(oldToken)
      const claims = jwt.decode(token) as any
      expect(claims).toEqual({ v: 2, sub: grant.id, aud: GRANT_AUDIENCE })

      const rng = crypto.randomBytes(4)
      let seed = rng.readUInt32LE(0) || 1
      const rand = (n: number) => {
        // xorshift32: reproducible from the seed printed on failure
        seed ^= seed << 13
        seed >>>= 0
        seed ^= seed >>> 17
        seed ^= seed << 5
        seed >>>= 0
        return seed % n
      }
      const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
      const ODD = [".", "=", "+", "/", "%", " ", "~", "*", "'", '"', "<", "\\", "é", "\u0000", "\n", "😀", "\u202e"]
      const RESERVED = new Set(["library", "login", "logout", "orders"])
      const tokens = new Map<string, string>() // token -> category
      const add = (category: string, t: string) => {
        if (!t || t === token || /^\.+$/.test(t) || RESERVED.has(t) || tokens.has(t)) return
        tokens.set(t, category)
      }
      const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url")
      const [h, p, s] = token.split(".")
      const hmac = (secret: string, input: string, alg = "sha256") =>
        crypto.createHmac(alg, secret).update(input).digest("base64url")

      // Every single-character change, at every position, to several alternatives.
      for (let i = 0; i < token.length; i++) {
        const alternatives = [B64[rand(64)], B64[rand(64)], B64[(B64.indexOf(token[i]) + 1) % 64], ODD[rand(ODD.length)]]
        for (const c of alternatives) {
          if (c !== token[i]) add(i < h.length ? "mutated header" : i < h.length + 1 + p.length ? "mutated payload" : "mutated signature", token.slice(0, i) + c + token.slice(i + 1))
        }
        // case flip
        const flipped = token[i] === token[i].toUpperCase() ? token[i].toLowerCase() : token[i].toUpperCase()
        if (flipped !== token[i]) add("case-flipped", token.slice(0, i) + flipped + token.slice(i + 1))
      }
      // Several changes at once.
      for (let n = 0; n < 1500; n++) {
        const chars = token.split("")
        for (let k = 0, flips = 2 + rand(6); k < flips; k++) chars[rand(chars.length)] = B64[rand(64)]
        add("multi-mutated", chars.join(""))
      }
      // Truncated from either end, and segments dropped, swapped, repeated.
      for (let i = 1; i < token.length; i++) {
        add("truncated", token.slice(0, i))
        add("truncated", token.slice(i))
      }
      for (const t of [`${h}.${p}`, `${h}.${p}.`, `${h}..${s}`, `.${p}.${s}`, `${p}.${h}.${s}`, `${h}.${p}.${s}.${s}`, `${h}.${p}.${s}.`,
        `${token}.`, `.${token}`, `${token}${token}`, `${h}.${p}.${s}=`, `${h}=.${p}.${s}`, `${h}.${p}=.${s}`, ` ${token}`, `${token} `,
        `Bearer ${token}`, `${h}.${b64({ v: 2, sub: grant.id, aud: GRANT_AUDIENCE })}.${s}`, `${h}.${p}.${s.slice(0, -1)}`]) {
        add("restructured", t)
      }
      // Re-signed with the right claims but a wrong secret (HS256, same shape as lib/token.ts).
      const wrongSecrets = [
        LINK_SECRET.slice(0, -1),
        LINK_SECRET + "x",
        LINK_SECRET.toUpperCase(),
        ` ${LINK_SECRET}`,
        "secret",
        "",
        "test-jwt-secret", // the host's Medusa JWT secret
        "test-cookie-secret",
      ]
      for (let n = 0; n < 300; n++) wrongSecrets.push(crypto.randomBytes(1 + rand(48)).toString(rand(2) ? "hex" : "base64"))
      for (const secret of wrongSecrets) {
        for (const v of [2, 1]) {
          const body = `${h}.${b64({ v, sub: grant.id, aud: GRANT_AUDIENCE })}`
          add("wrong secret", `${body}.${hmac(secret || "\u0000", body)}`)
        }
        if (secret) add("wrong secret", jwt.sign({ v: 2 }, secret, { algorithm: "HS256", subject: grant.id, audience: GRANT_AUDIENCE, noTimestamp: true }))
      }
      // The right secret, but claims that are not a current grant link of this grant.
      const signed = (payload: Record<string, unknown>, header: Record<string, unknown> = { alg: "HS256", typ: "JWT" }, alg = "sha256") => {
        const body = `${b64(header)}.${b64(payload)}`
        return `${body}.${hmac(LINK_SECRET, body, alg)}`
      }
      const now = Math.floor(Date.now() / 1000)
      add("wrong audience (order link)", signed({ v: 1, sub: "order_hostile", aud: ORDER_AUDIENCE }))
      add("wrong audience (order link)", signed({ v: 2, sub: grant.id, aud: ORDER_AUDIENCE }))
      add("wrong audience (order link)", jwt.sign({ v: 1 }, LINK_SECRET, { algorithm: "HS256", subject: grant.order_id, audience: ORDER_AUDIENCE, noTimestamp: true }))
      for (const aud of ["digital-delivery:GRANT", "digital-delivery:grant ", "digital-delivery", "", ["digital-delivery:order"], null, 1]) {
        add("wrong audience", signed({ v: 2, sub: grant.id, aud }))
      }
      add("no audience", signed({ v: 2, sub: grant.id }))
      add("replayed old version", oldToken)
      for (const v of [1, 0, -1, 3, 99, 2.5, "2", null, true, [2], { v: 2 }, 2 ** 31, -(2 ** 31) - 1, 1e308]) {
        add("replayed or forged version", signed({ v, sub: grant.id, aud: GRANT_AUDIENCE }))
      }
      add("no version", signed({ sub: grant.id, aud: GRANT_AUDIENCE }))
      for (const sub of ["dgrant_doesnotexist", grant.id.toUpperCase(), `${grant.id} `, "' OR 1=1 --", "*", "", 42, null, [grant.id], { $ne: null }]) {
        add("forged subject", signed({ v: 2, sub, aud: GRANT_AUDIENCE }))
      }
      add("no subject", signed({ v: 2, aud: GRANT_AUDIENCE }))
      add("expired", signed({ v: 2, sub: grant.id, aud: GRANT_AUDIENCE, exp: now - 1 }))
      add("not yet valid", signed({ v: 2, sub: grant.id, aud: GRANT_AUDIENCE, nbf: now + 3600 }))
      add("expiry not a number", signed({ v: 2, sub: grant.id, aud: GRANT_AUDIENCE, exp: "never" }))
      for (const alg of ["none", "None", "NONE", "nOnE"]) {
        const body = `${b64({ alg, typ: "JWT" })}.${b64({ v: 2, sub: grant.id, aud: GRANT_AUDIENCE })}`
        add("alg none", `${body}.`)
        add("alg none", body)
        add("alg none", `${body}.${s}`)
      }
      add("alg HS384", signed({ v: 2, sub: grant.id, aud: GRANT_AUDIENCE }, { alg: "HS384", typ: "JWT" }, "sha384"))
      add("alg HS512", signed({ v: 2, sub: grant.id, aud: GRANT_AUDIENCE }, { alg: "HS512", typ: "JWT" }, "sha512"))
      add("alg RS256 header on an HMAC", signed({ v: 2, sub: grant.id, aud: GRANT_AUDIENCE }, { alg: "RS256", typ: "JWT" }))
      add("header with kid/jku", signed({ v: 2, sub: grant.id, aud: GRANT_AUDIENCE }, { alg: "HS256", typ: "JWT", kid: "../../dev/null", jku: "http://evil.example" }).replace(/\.[^.]+$/, `.${s}`))
      // Garbage and overlong.
      for (let n = 0; n < 200; n++) add("overlong", `${token}${B64[rand(64)].repeat(900 + rand(6000))}`)
      add("overlong", "x".repeat(1025))
      add("overlong", "a.".repeat(3000) + "a")
      // Code points, not UTF-16 units: a lone surrogate cannot be sent in a URL at all.
      const GARBAGE = Array.from(B64 + ".!$&'()*+,;=:@~%\"<>\\^`{|} é€😀\u0000\u0007\u202e")
      const garbage = (len: number, alphabet: string | string[]) =>
        Array.from({ length: len }, () => alphabet[rand(alphabet.length)]).join("")
      while (tokens.size < 10_000) {
        switch (rand(4)) {
          case 0:
            add("garbage", garbage(1 + rand(200), GARBAGE))
            break
          case 1:
            add("jwt-shaped garbage", `${garbage(10 + rand(60), B64)}.${garbage(10 + rand(120), B64)}.${garbage(43, B64)}`)
            break
          case 2:
            add("base64 json garbage", `${h}.${b64({ v: rand(5), sub: `dgrant_${garbage(26, B64)}`, aud: GRANT_AUDIENCE })}.${garbage(43, B64)}`)
            break
          default:
            // (URL-safe: kept under Node's 16 KB header limit, so the app, not Node, answers)
            add("overlong garbage", garbage(1025 + rand(5000), B64 + "."))
        }
      }
      expect(tokens.size).toBe(10_000)

      // What a link to no grant at all answers: every hostile token must look exactly like it.
      const nothing = await rawRequest(baseURL, `/digital-downloads/${signed({ v: 1, sub: "dgrant_nonexistent", aud: GRANT_AUDIENCE })}`, { headers: json })
      expect(nothing.status).toBe(404)
      expect(JSON.parse(nothing.body.toString())).toEqual({ code: "not_found", message: expect.any(String) })

      const agent = new http.Agent({ keepAlive: true, maxSockets: 32 })
      const entries = [...tokens.entries()]
      let answers: { category: string; token: string; status: number; body: string; type?: string }[]
      try {
        answers = await mapLimit(entries, 32, async ([t, category]) => {
          const res = await rawRequest(baseURL, `/digital-downloads/${encodeURIComponent(t)}`, { headers: json, agent })
          return { category, token: t, status: res.status, body: res.body.toString("latin1"), type: res.headers["content-type"] }
        })
      } finally {
        agent.destroy()
      }
      const wrong = answers.filter((a) => a.status !== 404 || a.body !== nothing.body.toString("latin1") || a.type !== nothing.headers["content-type"])
      // On failure: the seed, and the first offenders by category.
      expect({ seed: rng.readUInt32LE(0), offenders: wrong.slice(0, 10).map((a) => ({ ...a, token: a.token.slice(0, 120) })) }).toEqual({
        seed: rng.readUInt32LE(0),
        offenders: [],
      })
      expect(answers.filter((a) => [200, 206, 302].includes(a.status) || a.status >= 500)).toEqual([])

      const after = await api.get(`/admin/download-grants/${grant.id}`, admin)
      expect(after.data.download_grant.downloads_used).toBe(0)
      expect(after.data.download_grant.token_version).toBe(2)
      const ok = await rawRequest(baseURL, pathOf(current.download_url))
      expect(ok.status).toBe(200)
      expect(sha(ok.body)).toBe(sha(content))
      await eventually(async () => {
        const counted = await api.get(`/admin/download-grants/${grant.id}`, admin)
        expect(counted.data.download_grant.downloads_used).toBe(1)
      })
    })

    // ------------------------------------------------------------------ 3

    it("authorization matrix: customers see only their own grants, guest links never open the library, every admin route refuses anonymous and customer credentials, store routes require a publishable key", async () => {
      const productA = await createDigitalProduct(api, admin, baseURL, store, [{ name: "Alpha-secret.pdf", content: crypto.randomBytes(2000) }])
      const productB = await createDigitalProduct(api, admin, baseURL, store, [{ name: "Bravo-secret.pdf", content: crypto.randomBytes(2000) }])
      const tokenA = await registerCustomer(api, store, "alice@example.com", "alice-password-1")
      const tokenB = await registerCustomer(api, store, "bob@example.com", "bob-password-1")
      const orderA = await checkout(api, store, { email: "alice@example.com", customerToken: tokenA, items: [{ variant_id: productA.variantId }] })
      const orderB = await checkout(api, store, { email: "bob@example.com", customerToken: tokenB, items: [{ variant_id: productB.variantId }] })
      const deliveredA = (await api.post(`/admin/orders/${orderA.id}/digital-delivery`, {}, admin)).data
      const deliveredB = (await api.post(`/admin/orders/${orderB.id}/digital-delivery`, {}, admin)).data
      const [grantA] = deliveredA.download_grants
      const [grantB] = deliveredB.download_grants
      expect(grantA.customer_id).toBeTruthy()
      expect(grantB.customer_id).toBeTruthy()
      expect(grantA.customer_id).not.toBe(grantB.customer_id)
      const orderPageA = pathOf(deliveredA.order_page_url)

      const storeAs = (token?: string, extra: Record<string, string> = {}) => ({
        headers: { ...store.storeHeaders.headers, ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra },
      })

      // --- Store API: own grants only, whatever the query says.
      const listA = await api.get(`/store/digital-downloads?customer_id=${grantB.customer_id}&limit=1000&offset=-5`, storeAs(tokenA))
      expect(listA.data.digital_downloads.map((g: any) => g.id)).toEqual([grantA.id])
      expect(JSON.stringify(listA.data)).not.toContain("Bravo-secret")
      const listB = await api.get("/store/digital-downloads", storeAs(tokenB))
      expect(listB.data.digital_downloads.map((g: any) => g.id)).toEqual([grantB.id])

      const stolen = await fail(api.post(`/store/digital-downloads/${grantB.id}/link`, {}, storeAs(tokenA)))
      const missing = await fail(api.post(`/store/digital-downloads/dgrant_doesnotexist/link`, {}, storeAs(tokenA)))
      expect(stolen.status).toBe(404)
      expect(missing.status).toBe(404)
      // Someone else's grant and no grant at all read the same (only the echoed id differs).
      expect(JSON.stringify(stolen.data).replace(grantB.id, "ID")).toBe(JSON.stringify(missing.data).replace("dgrant_doesnotexist", "ID"))
      const own = await api.post(`/store/digital-downloads/${grantA.id}/link`, {}, storeAs(tokenA))
      expect(own.data.url).toMatch(/\/digital-downloads\//)

      // --- Hosted library: A's session cannot reach B's files.
      const login = await fetch(`${baseURL}/digital-downloads/login`, {
        method: "POST",
        body: new URLSearchParams({ email: "alice@example.com", password: "alice-password-1" }),
        redirect: "manual",
      })
      expect(login.status).toBe(303)
      const cookieA = login.headers.get("set-cookie")!.split(";")[0]
      const library = await fetch(`${baseURL}/digital-downloads/library`, { headers: { cookie: cookieA } })
      const libraryHtml = await library.text()
      expect(library.status).toBe(200)
      expect(libraryHtml).toContain("Alpha-secret.pdf")
      expect(libraryHtml).not.toContain("Bravo-secret.pdf")
      const theirs = await fetch(`${baseURL}/digital-downloads/library/download/${grantB.id}`, { headers: { cookie: cookieA, ...json }, redirect: "manual" })
      expect(theirs.status).toBe(404)
      expect(theirs.headers.get("location")).toBeNull()
      const mine = await fetch(`${baseURL}/digital-downloads/library/download/${grantA.id}`, { headers: { cookie: cookieA }, redirect: "manual" })
      expect(mine.status).toBe(303)

      // --- Guest links (a grant link, the order page link) never open the library.
      const guestTokens = { grant: tokenOf(grantA), order: orderPageA.split("/").pop()! }
      const toLogin = (res: Response) => {
        expect(res.status).toBe(302)
        expect(res.headers.get("location")).toMatch(/^\/digital-downloads\/login/)
      }
      for (const [kind, t] of Object.entries(guestTokens)) {
        // Whatever a guest page sets as cookies is worth nothing in the library.
        const page = await fetch(`${baseURL}${kind === "grant" ? `/digital-downloads/${t}` : orderPageA}`, { redirect: "manual" })
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
          toLogin(await fetch(`${baseURL}/digital-downloads/library`, { headers, redirect: "manual" }))
          toLogin(await fetch(`${baseURL}/digital-downloads/library/download/${grantA.id}`, { headers, redirect: "manual" }))
        }
        toLogin(await fetch(`${baseURL}/digital-downloads/library?token=${t}`, { redirect: "manual" }))
        // A guest token is not a Medusa session or bearer token either.
        const session = await fetch(`${baseURL}/auth/session`, { method: "POST", headers: { authorization: `Bearer ${t}` }, redirect: "manual" })
        expect([kind, session.status]).toEqual([kind, 401])
        expect(session.headers.get("set-cookie")).toBeNull()
        const storeList = await fail(api.get("/store/digital-downloads", storeAs(t)))
        expect([kind, storeList.status]).toEqual([kind, 401])
      }

      // --- Every admin route of the plugin refuses anonymous and customer credentials.
      const adminRoutes = declaredRoutes(path.join(pluginRoot, "src/api/admin"), "/admin")
      expect(adminRoutes.length).toBeGreaterThanOrEqual(20)
      const credentials: Record<string, Record<string, string>> = {
        none: {},
        "customer bearer": { authorization: `Bearer ${tokenA}` },
        "customer session": { cookie: cookieA },
        "guest grant link as bearer": { authorization: `Bearer ${guestTokens.grant}` },
        "publishable key as basic auth": { authorization: `Basic ${Buffer.from(`${store.publishableKey}:`).toString("base64")}` },
        "publishable key header": { "x-publishable-api-key": store.publishableKey },
      }
      const refusals: string[] = []
      for (const route of adminRoutes) {
        for (const [who, headers] of Object.entries(credentials)) {
          const res = await fetch(baseURL + route.url, {
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

      // --- Store API routes need the publishable key (Medusa's check runs before anything of ours).
      const storeRoutes = declaredRoutes(path.join(pluginRoot, "src/api/store"), "/store", () => grantA.id)
      expect(storeRoutes.length).toBeGreaterThanOrEqual(2)
      for (const route of storeRoutes) {
        for (const key of [undefined, "pk_hostile_not_a_key"]) {
          const res = await fetch(baseURL + route.url, {
            method: route.method,
            headers: {
              authorization: `Bearer ${tokenA}`,
              ...(key ? { "x-publishable-api-key": key } : {}),
              ...(route.method === "POST" ? { "content-type": "application/json" } : {}),
            },
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
        // With the key but no customer: 401.
        const anonymous = await fetch(baseURL + route.url, {
          method: route.method,
          headers: { ...store.storeHeaders.headers, ...(route.method === "POST" ? { "content-type": "application/json" } : {}) },
          body: route.method === "POST" ? "{}" : undefined,
        })
        expect([route.method, route.url, anonymous.status]).toEqual([route.method, route.url, 401])
      }
    })

    // ------------------------------------------------------------------ 4

    it("hostile file names on upload and rename: stored sanitized, refused with a clear 400 when unparsable, safe Content-Disposition, no storage key in any response", async () => {
      const seen: string[] = [] // every response body, searched for storage keys at the end
      const content = Buffer.from("hostile names\n")
      const enc = (s: string) => encodeURIComponent(s).replace(/['()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase())
      const points = (s: string) => Array.from(s)
      // 300 characters: emoji (one a ZWJ family), Hebrew and Arabic (RTL), a combining accent, a bidi override.
      const unit = "📚שלום-كتاب-e\u0301👩‍👩‍👧\u202Etxt.exe "
      let long = ""
      while (points(long).length < 296) long += unit
      const longName = points(long).slice(0, 296).join("") + ".pdf"
      expect(points(longName)).toHaveLength(300)
      const longSanitizedPrefix = longName.replace(/[\u202a-\u202e\u2066-\u2069]/g, "").normalize("NFC")

      /** Downloads through a fresh unlimited grant and checks the name on the wire. */
      async function checkDownload(assetId: string, storedName: string) {
        const grant = await grantFor(assetId)
        seen.push(JSON.stringify(grant))
        const res = await fetch(baseURL + pathOf(grant.download_url))
        expect(res.status).toBe(200)
        expect(Buffer.from(await res.arrayBuffer()).equals(content)).toBe(true)
        const header = res.headers.get("content-disposition")
        seen.push(header ?? "")
        const { ascii, extended } = parseContentDisposition(header)
        expect(ascii).not.toMatch(/[\\/]/)
        if (extended === null) expect(ascii).toBe(storedName)
        else expect(extended).toBe(storedName)
        return { ascii, extended, grant }
      }

      function checkStored(label: string, name: string) {
        expect([label, unsafeNameProblems(name)]).toEqual([label, []])
        // well-formed UTF-16: no half of a surrogate pair left by a cut
        expect([label, /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(name)]).toEqual([label, false])
      }

      type UploadCase = {
        label: string
        send: () => Promise<{ status: number; text: string; body: any }>
        /** 201 and the stored name (a string, or a check), or 400 and a pattern for the message. */
        expect: { status: 201; name?: string | ((n: string) => void) } | { status: 400; message: RegExp }
      }
      const filePart = (dispositionParams: string): RawPart => ({ dispositionParams, content })
      const uploads: UploadCase[] = [
        {
          label: "quotes, escaped by the browser (FormData)",
          send: () => uploadBuffer(content, 'report "final" v2.pdf'),
          expect: { status: 201 },
        },
        {
          label: "quotes and a parameter injection in filename*",
          send: () => uploadRaw([filePart(`filename*=UTF-8''${enc('evil"; filename="x.exe')}`)]),
          expect: { status: 201, name: 'evil"; filename="x.exe' },
        },
        {
          label: "CR/LF header injection in filename*",
          send: () => uploadRaw([filePart(`filename*=UTF-8''${enc("a\r\nSet-Cookie: pwn=1\r\n.txt")}`)]),
          expect: { status: 201, name: "aSet-Cookie: pwn=1.txt" },
        },
        {
          label: "raw CR/LF inside the part header",
          send: () => uploadRaw([filePart('filename="a\r\nX-Evil: 1\r\n.txt"')]),
          expect: { status: 400, message: /multipart/i },
        },
        {
          label: "raw NUL inside the part header",
          send: () => uploadRaw([filePart('filename="a\u0000b.txt"')]),
          expect: { status: 400, message: /multipart/i },
        },
        {
          label: "NUL in filename*",
          send: () => uploadRaw([filePart("filename*=UTF-8''a%00b.txt")]),
          expect: { status: 201, name: "ab.txt" },
        },
        {
          label: "unterminated quoted filename",
          send: () => uploadRaw([filePart('filename="a"b.txt"')]),
          expect: { status: 400, message: /file/ },
        },
        {
          label: "../../etc/passwd as the part's file name",
          send: () => uploadRaw([filePart('filename="../../etc/passwd"')]),
          expect: { status: 201, name: "passwd" },
        },
        {
          label: "..\\..\\boot.ini as the part's file name",
          send: () => uploadRaw([filePart('filename="..\\..\\boot.ini"')]),
          expect: { status: 201, name: "boot.ini" },
        },
        {
          label: "../../etc/passwd in filename*",
          send: () => uploadRaw([filePart(`filename*=UTF-8''${enc("../../etc/passwd")}`)]),
          expect: { status: 201, name: "passwd" },
        },
        {
          label: "../../etc/passwd in the filename field",
          send: () => uploadRaw([{ name: "filename", value: "../../etc/passwd" }, filePart('filename="ok.bin"')]),
          expect: { status: 201, name: "_._etc_passwd" },
        },
        {
          label: "NUL and CR/LF in the filename field",
          send: () => uploadRaw([{ name: "filename", value: "a\u0000b\r\n.pdf" }, filePart('filename="ok.bin"')]),
          expect: { status: 201, name: "ab.pdf" },
        },
        {
          label: "only dots",
          send: () => uploadRaw([filePart('filename="...."')]),
          expect: { status: 201, name: (n) => expect(n).toMatch(/^[^.]/) },
        },
        ...[
          ["300-character unicode name (filename*)", () => uploadRaw([filePart(`filename*=UTF-8''${enc(longName)}`)])],
          ["300-character unicode name (FormData, raw UTF-8)", () => uploadBuffer(content, longName)],
        ].map(
          ([label, send]): UploadCase => ({
            label: label as string,
            send: send as UploadCase["send"],
            expect: {
              status: 201,
              name: (n: string) => {
                expect(Buffer.byteLength(n)).toBeLessThanOrEqual(200)
                expect(n.endsWith(".pdf")).toBe(true)
                expect(longSanitizedPrefix.startsWith(n.slice(0, -4))).toBe(true)
                expect(n.length).toBeGreaterThan(50)
              },
            },
          })
        ),
      ]

      let renameTarget: string | undefined
      for (const c of uploads) {
        const res = await c.send()
        seen.push(res.text)
        expect([c.label, res.status]).toEqual([c.label, c.expect.status])
        if (c.expect.status === 400) {
          expect([c.label, res.body.message]).toEqual([c.label, expect.stringMatching(c.expect.message)])
          continue
        }
        const asset = res.body.digital_asset
        checkStored(c.label, asset.filename)
        if (typeof c.expect.name === "string") expect([c.label, asset.filename]).toEqual([c.label, c.expect.name])
        else c.expect.name?.(asset.filename)
        await checkDownload(asset.id, asset.filename)
        renameTarget ??= asset.id
      }

      // Renames (JSON): sanitized like uploads, refused when empty, too long or not a string.
      const renames: [string, unknown, number, string | RegExp | ((n: string) => void)][] = [
        ["quote break-out", 'evil"; filename="x.exe', 200, 'evil"; filename="x.exe'],
        ["CR/LF header injection", "a\r\nSet-Cookie: pwn=1\r\n.pdf", 200, "aSet-Cookie: pwn=1.pdf"],
        ["path traversal", "../../etc/passwd", 200, "_._etc_passwd"],
        ["windows path traversal", "..\\..\\windows\\win.ini", 200, "_._windows_win.ini"],
        ["NUL inside", "a\u0000b.pdf", 200, "ab.pdf"],
        ["only NUL", "\u0000", 200, "download"],
        ["RTL override disguising the extension", "invoice\u202Efdp.exe", 200, "invoicefdp.exe"],
        ["markup", "<img src=x onerror=alert(1)>.pdf", 200, "<img src=x onerror=alert(1)>.pdf"],
        ["percent and backslash", "100% \\o/.pdf", 200, "100% _o_.pdf"],
        [
          "300-character unicode",
          longName,
          200,
          (n: string) => {
            expect(Buffer.byteLength(n)).toBeLessThanOrEqual(200)
            expect(n.endsWith(".pdf")).toBe(true)
            expect(longSanitizedPrefix.startsWith(n.slice(0, -4))).toBe(true)
          },
        ],
        [
          "long name with an emoji extension",
          "a".repeat(250) + "." + "😀".repeat(20),
          200,
          (n: string) => {
            expect(Buffer.byteLength(n)).toBeLessThanOrEqual(200)
            expect(n).toMatch(/^a+\.(😀)+$/u)
            expect(n).not.toContain("\ufffd")
          },
        ],
        ["blank", "   ", 400, /filename/],
        ["empty", "", 400, /filename/],
        ["over 500 characters", "x".repeat(501), 400, /filename/],
        ["a number", 123, 400, /filename/],
        ["null", null, 400, /filename/],
        ["an object", { name: "x.pdf" }, 400, /filename/],
      ]
      const assetId = renameTarget!
      for (const [label, filename, status, expected] of renames) {
        const res = await fail(api.post(`/admin/digital-assets/${assetId}`, { filename }, admin))
        seen.push(JSON.stringify(res.data))
        expect([label, res.status]).toEqual([label, status])
        if (status === 400) {
          expect([label, res.data.message]).toEqual([label, expect.stringMatching(expected as RegExp)])
          continue
        }
        const stored = res.data.digital_asset.filename
        checkStored(label, stored)
        if (typeof expected === "string") expect([label, stored]).toEqual([label, expected])
        else (expected as (n: string) => void)(stored)
        const { grant } = await checkDownload(assetId, stored)
        if (label === "markup") {
          // The guest order page shows the name as text, never as markup.
          const orderToken = jwt.sign({ v: 1 }, LINK_SECRET, { algorithm: "HS256", subject: grant.order_id, audience: ORDER_AUDIENCE, noTimestamp: true })
          const page = await fetch(`${baseURL}/digital-downloads/orders/${orderToken}`)
          expect(page.status).toBe(200)
          const html = await page.text()
          expect(html).toMatch(/(&lt;|&#60;|&#x3c;)img src=x onerror=alert\(1\)(&gt;|&#62;|&#x3e;)\.pdf/i)
          expect(html).not.toContain("<img src=x")
        }
      }

      const listed = await api.get("/admin/digital-assets?limit=100", admin)
      seen.push(JSON.stringify(listed.data))
      seen.push(JSON.stringify((await api.get(`/admin/digital-assets/${assetId}`, admin)).data))
      seen.push(JSON.stringify((await api.get("/admin/download-grants?limit=100", admin)).data))
      for (const text of seen) expect(text).not.toMatch(STORAGE_KEY)
      // Sanity: the storage really holds keys of that shape, so the check above means something.
      expect(privateFiles().some((f) => STORAGE_KEY.test(f))).toBe(true)
    })

    // ------------------------------------------------------------------ 5

    it("Range and If-Range abuse: ignored (200, whole file) when unparsable or multiple, 416 with bytes */size when unsatisfiable, 206 with the right bytes otherwise, never 5xx", async () => {
      for (const size of [1000, 150_000]) {
        const content = crypto.randomBytes(size)
        const created = await uploadBuffer(content, `ranges-${size}.bin`)
        expect(created.status).toBe(201)
        const grant = await grantFor(created.body.digital_asset.id)
        const link = pathOf(grant.download_url)
        const head = await rawRequest(baseURL, link, { method: "HEAD" })
        expect(head.status).toBe(200)
        const etag = head.headers.etag as string
        const lastModified = head.headers["last-modified"] as string
        expect(etag).toMatch(/^"v1-/)
        expect(lastModified).toBeTruthy()

        type Expected = "whole" | "unsatisfiable" | [number, number]
        const cases: [string, Record<string, string>, Expected][] = [
          ["malformed", { range: "bytes=abc" }, "whole"],
          ["reversed", { range: "bytes=5-2" }, "whole"],
          ["zero suffix", { range: "bytes=-0" }, "unsatisfiable"],
          ["other unit", { range: "items=0-1" }, "whole"],
          ["two ranges", { range: "bytes=0-1,5-6" }, "whole"],
          ["overlapping ranges", { range: "bytes=0-10,5-15,0-" }, "whole"],
          ["huge last byte (not a safe integer)", { range: "bytes=0-99999999999999999999" }, "whole"],
          ["huge first byte (not a safe integer)", { range: "bytes=99999999999999999999-" }, "whole"],
          ["huge suffix (not a safe integer)", { range: "bytes=-99999999999999999999" }, "whole"],
          ["last byte far beyond the size", { range: `bytes=0-${size * 1000}` }, [0, size - 1]],
          ["first byte at the size", { range: `bytes=${size}-` }, "unsatisfiable"],
          ["first byte beyond the size", { range: `bytes=${size * 10}-${size * 20}` }, "unsatisfiable"],
          ["suffix longer than the file", { range: `bytes=-${size * 10}` }, [0, size - 1]],
          ["dash only", { range: "bytes=-" }, "whole"],
          ["negative", { range: "bytes=--1" }, "whole"],
          ["hex", { range: "bytes=0x10-0x20" }, "whole"],
          ["exponent", { range: "bytes=1e3-" }, "whole"],
          ["three numbers", { range: "bytes=1-2-3" }, "whole"],
          ["empty", { range: "bytes=" }, "whole"],
          ["10 KB of ranges", { range: "bytes=" + "0-1,".repeat(2560) }, "whole"],
          ["10 KB number", { range: "bytes=" + "1".repeat(10_240) + "-" }, "whole"],
          ["one byte", { range: "bytes=1-1" }, [1, 1]],
          ["last five bytes", { range: "bytes=-5" }, [size - 5, size - 1]],
          ["If-Range garbage", { range: "bytes=10-19", "if-range": "garbage" }, "whole"],
          ["If-Range 1970", { range: "bytes=10-19", "if-range": "Thu, 01 Jan 1970 00:00:00 GMT" }, "whole"],
          ["If-Range far future", { range: "bytes=10-19", "if-range": "Fri, 31 Dec 9999 23:59:59 GMT" }, "whole"],
          ["If-Range a second after Last-Modified", { range: "bytes=10-19", "if-range": new Date(Date.parse(lastModified) + 1000).toUTCString() }, "whole"],
          ["If-Range 5 KB string", { range: "bytes=10-19", "if-range": "x".repeat(5120) }, "whole"],
          ["If-Range 5 KB quoted", { range: "bytes=10-19", "if-range": `"${"a".repeat(5120)}"` }, "whole"],
          ["If-Range weak ETag", { range: "bytes=10-19", "if-range": `W/${etag}` }, "whole"],
          ["If-Range ETag list", { range: "bytes=10-19", "if-range": `${etag}, "other"` }, "whole"],
          ["If-Range another ETag", { range: "bytes=10-19", "if-range": '"v0-deadbeef"' }, "whole"],
          ["If-Range current ETag", { range: "bytes=10-19", "if-range": etag }, [10, 19]],
          ["If-Range exact Last-Modified", { range: "bytes=10-19", "if-range": lastModified }, [10, 19]],
          ["If-Range on a malformed Range", { range: "bytes=abc", "if-range": "garbage" }, "whole"],
          ["If-Range without Range", { "if-range": "Fri, 31 Dec 9999 23:59:59 GMT" }, "whole"],
        ]
        for (const [label, headers, expected] of cases) {
          const res = await rawRequest(baseURL, link, { headers })
          const what = `${label} (${size} bytes)`
          expect([what, res.status < 500]).toEqual([what, true])
          if (expected === "whole") {
            expect([what, res.status, res.headers["content-range"]]).toEqual([what, 200, undefined])
            expect([what, res.headers["content-length"]]).toEqual([what, String(size)])
            expect([what, res.body.equals(content)]).toEqual([what, true])
          } else if (expected === "unsatisfiable") {
            expect([what, res.status, res.headers["content-range"]]).toEqual([what, 416, `bytes */${size}`])
          } else {
            const [start, end] = expected
            expect([what, res.status, res.headers["content-range"]]).toEqual([what, 206, `bytes ${start}-${end}/${size}`])
            expect([what, res.headers["content-length"]]).toEqual([what, String(end - start + 1)])
            expect([what, res.body.equals(content.subarray(start, end + 1))]).toEqual([what, true])
          }
        }
        // HEAD ignores any Range: headers of the whole file, no body.
        const hostileHead = await rawRequest(baseURL, link, { method: "HEAD", headers: { range: "bytes=0-1,5-6", "if-range": "x".repeat(5120) } })
        expect(hostileHead.status).toBe(200)
        expect(hostileHead.headers["content-length"]).toBe(String(size))
        expect(hostileHead.body.length).toBe(0)
      }
    })

    // ------------------------------------------------------------------ 6

    it("upload bodies that are not what the route expects: 400 naming the problem, nothing left in storage, no descriptor leaked by aborted uploads", async () => {
      // (The size limit has its own test: "an upload over max_upload_bytes".)
      const before = privateFiles()
      const expect400 = async (label: string, res: { status: number; body: any }, message: RegExp) => {
        expect([label, res.status]).toEqual([label, 400])
        expect([label, res.body.message]).toEqual([label, expect.stringMatching(message)])
      }
      const content = crypto.randomBytes(70_000)
      const file: RawPart = { dispositionParams: 'filename="data.bin"', content }

      await expect400("no file part", await uploadRaw([{ name: "title", value: "x" }]), /file/)
      await expect400("file under another part name", await uploadRaw([{ name: "upload", dispositionParams: 'filename="a.bin"', content }]), /file/)
      await expect400("negative max_downloads", await uploadRaw([{ name: "max_downloads", value: "-3" }, file]), /max_downloads/)
      await expect400("max_downloads not a number", await uploadRaw([{ name: "max_downloads", value: "abc" }, file]), /max_downloads/)
      await expect400("validity_days zero", await uploadRaw([{ name: "validity_days", value: "0" }, file]), /validity_days/)
      await expect400("unknown field", await uploadRaw([{ name: "file_id", value: "private-1-steal.bin" }, file]), /file_id/)
      await expect400("title over 500 characters", await uploadRaw([{ name: "title", value: "t".repeat(501) }, file]), /title/)
      await expect400("truncated body (no closing boundary, file cut short)", await uploadRaw([file], { closing: false }), /multipart/i)

      const post = async (url: string, headers: Record<string, string>, body: string | Buffer) => {
        const res = await rawRequest(baseURL, url, { method: "POST", headers: { ...admin.headers, ...headers }, body })
        return { status: res.status, body: JSON.parse(res.body.toString() || "{}") }
      }
      await expect400("multipart without a boundary", await post("/admin/digital-assets", { "content-type": "multipart/form-data" }, "--x\r\n"), /multipart/i)
      await expect400("garbage multipart", await post("/admin/digital-assets", { "content-type": "multipart/form-data; boundary=zzz" }, crypto.randomBytes(5000)), /multipart|file/i)
      await expect400("a file sent as text/plain", await post("/admin/digital-assets", { "content-type": "text/plain" }, "hello"), /kind|title|external_url|file/)
      await expect400("a file sent as octet-stream", await post("/admin/digital-assets", { "content-type": "application/octet-stream" }, content), /kind|title|external_url|file/)
      const existing = await uploadBuffer("x", "existing.txt")
      expect(existing.status).toBe(201)
      const afterExisting = privateFiles()
      await expect400("replacement sent as JSON", await post(`/admin/digital-assets/${existing.body.digital_asset.id}/file`, { "content-type": "application/json" }, "{}"), /^file: /)
      await expect400("replacement without a file part", await (async () => {
        const { body, contentType } = rawMultipart([{ name: "filename", value: "x.pdf" }])
        return post(`/admin/digital-assets/${existing.body.digital_asset.id}/file`, { "content-type": contentType }, body)
      })(), /file/)

      // Nothing but the one good upload was kept.
      await eventually(async () => expect(privateFiles()).toEqual(afterExisting))
      expect(afterExisting.filter((f) => !before.includes(f))).toHaveLength(1)

      // Clients that go away in the middle of an upload: the server lets go of the
      // partial file (descriptor and bytes) each time, and keeps working.
      const openFds = () => fs.readdirSync("/proc/self/fd").length
      const fdsBefore = openFds()
      const big = rawMultipart([{ dispositionParams: 'filename="big.bin"', content: Buffer.alloc(8 * 1024 * 1024, 7) }])
      for (let i = 0; i < 5; i++) {
        await new Promise<void>((resolve) => {
          const url = new URL(baseURL)
          const req = http.request({
            host: url.hostname,
            port: url.port,
            path: "/admin/digital-assets",
            method: "POST",
            headers: { ...admin.headers, "content-type": big.contentType, "content-length": String(big.body.length) },
          })
          req.on("error", () => resolve())
          req.on("response", (res) => {
            res.resume()
            resolve()
          })
          req.write(big.body.subarray(0, 1024 * 1024), () => {
            setTimeout(() => {
              req.destroy()
              resolve()
            }, 300)
          })
        })
      }
      await eventually(async () => {
        expect(privateFiles()).toEqual(afterExisting)
        expect(openFds()).toBeLessThanOrEqual(fdsBefore + 2)
      }, 10_000)
      const still = await uploadBuffer("still here", "after.txt")
      expect(still.status).toBe(201)
    })

    it("an upload over max_upload_bytes: 400 naming the file and the limit, nothing left in storage, the next upload works", async () => {
      const before = privateFiles()
      const res = await uploadBuffer(crypto.randomBytes(MAX_UPLOAD + 1), "too-big.bin")
      expect(res.status).toBe(400)
      expect(res.body.message).toBe(`file: larger than the ${MAX_UPLOAD} bytes allowed`)
      await new Promise((r) => setTimeout(r, 200))
      expect(privateFiles()).toEqual(before)
      const exact = await uploadBuffer(crypto.randomBytes(MAX_UPLOAD), "just-fits.bin")
      expect(exact.status).toBe(201)
      expect(exact.body.digital_asset.size).toBe(MAX_UPLOAD)
    })

    it("undecodable percent-escapes in a download link: nothing served, nothing leaked, the app keeps serving", async () => {
      // Express decodes the path in a layer Medusa registers before any plugin
      // middleware, and Medusa's error handler answers that with a generic 500
      // (documented in docs/RELIABILITY.md). What the plugin can promise: no file,
      // no internals in the answer, and the next request is served.
      for (const raw of ["%E0%A4%A", "%ZZ", "abc%", "%00", "%C0%AF..%C0%AF", "eyJhbGciOiJIUzI1NiJ9.%FF.x"]) {
        const res = await rawRequest(baseURL, `/digital-downloads/${raw}`, { headers: json })
        expect(res.status).toBeGreaterThanOrEqual(400)
        expect(res.headers["content-disposition"]).toBeUndefined()
        expect(res.body.toString()).not.toMatch(/\n\s+at |node_modules|\.medusa|URIError|private-/)
      }
      const created = await uploadBuffer("still served", "after-escapes.txt")
      expect(created.status).toBe(201)
    })

    it("objects posing as strings in admin bodies: 400 naming the field, never a 500", async () => {
      // Medusa's own validator throws while formatting such values; the plugin's validation middleware repairs that.
      const created = await uploadBuffer("x", "object.txt")
      for (const filename of [{ toString: "x" }, { valueOf: 1, toString: null }]) {
        const res = await fail(api.post(`/admin/digital-assets/${created.body.digital_asset.id}`, { filename }, admin))
        expect(res.status).toBe(400)
        expect(res.data.message).toMatch(/filename/)
      }
    })

    it("invalid delivery settings and templates: 400 naming the field, never a 500, settings unchanged", async () => {
      const before = (await api.get("/admin/digital-delivery/settings", admin)).data.settings
      const cases: [unknown, RegExp][] = [
        [{ default_max_downloads: "5" }, /default_max_downloads/],
        [{ default_max_downloads: -1 }, /default_max_downloads/],
        [{ default_max_downloads: 1.5 }, /default_max_downloads/],
        [{ default_max_downloads: 1e12 }, /default_max_downloads/],
        [{ default_validity_days: 0 }, /default_validity_days/],
        [{ default_validity_days: 1e9 }, /default_validity_days/],
        [{ revoke_on_refund: "yes" }, /revoke_on_refund/],
        [{ revoke_on_refund: null }, /revoke_on_refund/],
        [{ delivery_trigger: "sometimes" }, /delivery_trigger/],
        [{ registered_links: 1 }, /registered_links/],
        [{ alert_email: "not-an-email" }, /alert_email/],
        [{ alert_email: "ops@example.com\r\nBcc: victim@example.com" }, /alert_email/],
        [{ storefront_url: "javascript:alert(1)" }, /storefront_url/],
        [{ storefront_url: "not a url" }, /storefront_url/],
        [{ templates: "hello" }, /templates/],
        [{ templates: { en: { subject: "Files for {Foo}" } } }, /templates\.en\.subject: unknown placeholder \{Foo\}/],
        [{ templates: { fr: { body: "{DLFILES} {constructor} {__proto__}" } } }, /templates\.fr\.body: unknown placeholder/],
        [{ templates: { en: { subject: "x".repeat(301) } } }, /templates.*en.*subject/],
        [{ templates: { en: { body: "{DLFILES}".repeat(2300) } } }, /templates.*en.*body/],
        [{ templates: { en: { body: ["{DLFILES}"] } } }, /templates.*en.*body/],
        [{ templates: { xx: { subject: "hi" } } }, /xx/],
        [{ templates: { en: { subject: "hi", html: "<b>x</b>" } } }, /html/],
        [{ unknown_field: 1 }, /unknown_field/],
        [{ delivery_trigger: "manual", default_max_downloads: -1 }, /default_max_downloads/],
        [[{ delivery_trigger: "manual" }], /./],
      ]
      for (const [body, message] of cases) {
        const res = await fail(api.post("/admin/digital-delivery/settings", body, admin))
        const label = JSON.stringify(body).slice(0, 120)
        expect([label, res.status]).toEqual([label, 400])
        expect([label, res.data.message]).toEqual([label, expect.stringMatching(message)])
      }
      // Prototype keys, sent as raw JSON (a client library could drop them): refused, nothing applied.
      for (const raw of ['{"__proto__": {"delivery_trigger": "manual"}}', '{"constructor": {"prototype": {"delivery_trigger": "manual"}}}']) {
        const res = await rawRequest(baseURL, "/admin/digital-delivery/settings", {
          method: "POST",
          headers: { ...admin.headers, "content-type": "application/json" },
          body: raw,
        })
        expect([raw, res.status]).toEqual([raw, 400])
        expect([raw, JSON.parse(res.body.toString()).message]).toEqual([raw, expect.stringMatching(/__proto__|constructor/)])
        expect((await api.get("/admin/digital-delivery/settings", admin)).data.settings.delivery_trigger).toBe(before.delivery_trigger)
      }
      // Not JSON at all.
      for (const raw of ["{", '{"delivery_trigger": "manual",}', "\u0000"]) {
        const res = await rawRequest(baseURL, "/admin/digital-delivery/settings", {
          method: "POST",
          headers: { ...admin.headers, "content-type": "application/json" },
          body: raw,
        })
        expect([raw, res.status]).toEqual([raw, 400])
      }
      // The preview and the test send check templates the same way.
      const preview = await fail(api.post("/admin/digital-delivery/settings/preview", { locale: "en", template: { subject: "{Nope}" } }, admin))
      expect(preview.status).toBe(400)
      expect(preview.data.message).toMatch(/templates\.en\.subject: unknown placeholder \{Nope\}/)
      const inherited = await fail(api.post("/admin/digital-delivery/settings/preview", { locale: "en", template: { body: "{toString} {DLFILES}" } }, admin))
      expect(inherited.status).toBe(400)
      expect(inherited.data.message).toMatch(/templates\.en\.body: unknown placeholder \{toString\}/)
      const previewLocale = await fail(api.post("/admin/digital-delivery/settings/preview", { locale: "xx" }, admin))
      expect(previewLocale.status).toBe(400)
      expect(previewLocale.data.message).toMatch(/locale/)
      const sendTest = await fail(api.post("/admin/digital-delivery/settings/send-test", { to: "nobody" }, admin))
      expect(sendTest.status).toBe(400)
      expect(sendTest.data.message).toMatch(/\bto\b/)
      expect(fake.sent).toHaveLength(0)

      const after = (await api.get("/admin/digital-delivery/settings", admin)).data.settings
      expect(after).toEqual(before)
    })
  },
})
