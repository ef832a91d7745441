import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import crypto from "crypto"
import fs from "fs"
import path from "path"
import vm from "vm"
import { eventually } from "../helpers/files"
import { httpSuite, linksIn } from "../helpers/harness"
import { openApiChecker } from "../helpers/openapi"
import { capture, checkout, createDigitalProduct, paymentsOf } from "../helpers/store"

/**
 * License keys (issue 18): issued with the exactly-once delivery, one per
 * unit; encrypted at rest; pools that run dry deliver the files anyway and
 * catch up on refill; the public activation API counts activations
 * atomically and signs its answers (Ed25519) as the README's example verifies.
 */
const KEY_RE = /\b[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}\b/g
const ALERT_TO = "alerts@example.com"

httpSuite({ store: true, fakeResend: true, timeout: 240_000 }, (app) => {
  const { api, admin, store } = app
  const { documented } = openApiChecker()
  const pdf = crypto.randomBytes(20_000)

  // Everything this process writes to stdout/stderr (the app's logger included) while the tests run.
  let logged = ""
  const writes = { out: process.stdout.write, err: process.stderr.write }
  beforeAll(() => {
    process.stdout.write = ((chunk: any, ...rest: any[]) => ((logged += String(chunk)), writes.out.call(process.stdout, chunk, ...rest))) as any
    process.stderr.write = ((chunk: any, ...rest: any[]) => ((logged += String(chunk)), writes.err.call(process.stderr, chunk, ...rest))) as any
  })
  afterAll(() => {
    process.stdout.write = writes.out
    process.stderr.write = writes.err
  })

  const pg = () => app.container().resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const licensing = (action: string, body: unknown, ip = "198.51.100.10") =>
    fetch(`${app.baseURL}/digital-downloads/licenses/${action}`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", "x-forwarded-for": ip },
      body: JSON.stringify(body),
    })
  const checked = async (action: string, body: unknown) => {
    const res = await licensing(action, body)
    return { status: res.status, body: await documented("POST", `/digital-downloads/licenses/${action}`, res) }
  }
  /** Whatever the workflow engine kept of its runs (inputs, step outputs), as text. */
  const workflowRecords = async () => JSON.stringify(await pg()("workflow_execution").select("*"))
  const adminKeys = async (orderId: string) => (await api.get(`/admin/orders/${orderId}/license-keys`, admin)).data.license_keys as any[]
  const deliveryEmails = (to: string) => app.emailsTo(to).filter((e) => /order/i.test(e.body.subject) && !/license keys/i.test(e.body.subject))

  /** A product whose variant has license keys from `config`, and one file. */
  async function licensedProduct(config: Record<string, unknown>) {
    const product = await createDigitalProduct(api, admin, app.baseURL, store, [{ name: "Setup.exe", content: pdf }])
    const { data } = await api.post(`/admin/digital-delivery/variants/${product.variantId}/license-keys`, config, admin)
    expect(data.license_config).toEqual(expect.objectContaining({ variant_id: product.variantId, ...config }))
    return product
  }

  async function paidOrder(variantId: string, email: string, quantity: number) {
    const order = await checkout(api, store, { email, items: [{ variant_id: variantId, quantity }] })
    await capture(api, admin, order.id)
    await eventually(async () => expect(deliveryEmails(email)).toHaveLength(1), 20_000)
    return order
  }

  /** The README's verification example, run as a program would run it. */
  async function readmeVerifier() {
    const { data } = await api.get("/admin/digital-delivery/license-keys/public-key", admin)
    expect(data.algorithm).toBe("Ed25519")
    const readme = fs.readFileSync(path.resolve(__dirname, "../../README.md"), "utf8")
    // The README shows the same ten lines (with a placeholder public key): the code under test is the README's.
    for (const line of data.verification_example.split("\n").filter((l: string) => !l.includes("PUBLIC_KEY =") && !l.startsWith("-----") && !/^[A-Za-z0-9+/=]+`?$/.test(l))) {
      expect(readme).toContain(line)
    }
    const sandbox = { require, module: { exports: {} as any }, Buffer }
    vm.runInNewContext(data.verification_example, sandbox)
    return sandbox.module.exports.verifyLicense as (answer: any) => any
  }

  it("generated keys: one per unit, in the email and for the order's owner only, encrypted at rest, never logged; a refund revokes them", async () => {
    const product = await licensedProduct({ source: "generated", activation_limit: 3 })
    const order = await paidOrder(product.variantId, "coder@example.com", 3)

    // The delivery email lists three keys, each with a valid check character.
    const [email] = deliveryEmails("coder@example.com")
    const keys = [...new Set(String(email.body.text).match(KEY_RE))]
    expect(keys).toHaveLength(3)
    expect(email.body.html).toContain(keys[0])

    // The merchant sees them masked; a reveal gives one back and is written in the grant's history.
    const listed = await adminKeys(order.id)
    expect(listed.map((k) => [k.unit_index, k.state, k.source])).toEqual([0, 1, 2].map((i) => [i, "active", "generated"]))
    expect(listed.map((k) => k.masked_key).sort()).toEqual(keys.map((k) => `••••-${k.slice(-4)}`).sort())
    const revealed = (await api.post(`/admin/license-keys/${listed[0].id}/reveal`, {}, admin)).data
    expect(keys).toContain(revealed.key)
    const history = (await api.get(`/admin/download-grants/${listed[0].grant_id}/history?limit=50`, admin)).data.history
    expect(history.map((e: any) => e.action)).toContain("license_key_revealed")

    // Not in plain text anywhere in the database tables.
    const rows = await pg()("license_key").where({ order_id: order.id }).select("*")
    const dump = JSON.stringify(rows)
    for (const key of keys) {
      expect(dump).not.toContain(key)
      expect(dump).not.toContain(key.replace(/-/g, ""))
    }
    expect(rows.every((r: any) => r.ciphertext.startsWith("v1.") && r.lookup_hash.length === 43)).toBe(true)

    // The Store API: the list for anyone with the order id, the keys only for the owner (a guest here: none).
    const storeAnswer = (await api.get(`/store/digital-downloads/orders/${order.id}`, store.storeHeaders)).data
    expect(storeAnswer.license_keys).toHaveLength(3)
    expect(storeAnswer.license_keys.every((k: any) => k.key === null && k.state === "active")).toBe(true)

    // The guest's order page (the email's link) shows them too.
    const page = linksIn(String(email.body.text)).find((u) => u.includes("/digital-downloads/orders/"))!
    const html = await (await fetch(app.link(page), { headers: { accept: "text/html" } })).text()
    for (const key of keys) expect(html).toContain(key)

    // Validate: active, no activations, signed; then a refund revokes the keys.
    const valid = await checked("validate", { key: keys[1].toLowerCase().replace(/-/g, " ") })
    expect([valid.status, valid.body.result, valid.body.license.state, valid.body.license.limit]).toEqual([200, "valid", "active", 3])
    const [payment] = await paymentsOf(api, admin, order.id)
    await api.post(`/admin/payments/${payment.id}/refund`, {}, admin)
    await eventually(async () => {
      const after = await checked("validate", { key: keys[1] })
      expect([after.status, after.body.result, after.body.license.state]).toEqual([410, "revoked", "revoked"])
    }, 15_000)
    const refused = await checked("activate", { key: keys[2], instance: "laptop" })
    expect([refused.status, JSON.parse(refused.body.payload).license.state]).toEqual([410, "revoked"])

    // No key reached the logs.
    for (const key of keys) expect(logged).not.toContain(key)
  })

  it("200 parallel activations on a limit of 3: exactly 3 succeed; deactivate frees a place; bad input names the field", async () => {
    const product = await licensedProduct({ source: "generated", activation_limit: 3 })
    const order = await paidOrder(product.variantId, "parallel@example.com", 1)
    const [key] = String(deliveryEmails("parallel@example.com")[0].body.text).match(KEY_RE)!

    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => licensing("activate", { key, instance: `machine-${i}` }, `203.0.113.${i % 250}`))
    )
    const statuses = answers.map((r) => r.status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(3)
    expect(statuses.filter((s) => s === 409)).toHaveLength(197)
    const [{ n }] = await pg()("license_activation").count("* as n")
    expect(Number(n)).toBe(3)
    // The activation workflows got the key's keyed hash, not the key.
    expect(await workflowRecords()).not.toContain(key)

    const status = await checked("validate", { key })
    expect(status.body.license.activations).toHaveLength(3)
    const active = status.body.license.activations[0].instance
    const again = await checked("activate", { key, instance: active })
    expect([again.status, again.body.result]).toEqual([200, "already_active"])
    expect((await checked("activate", { key, instance: "one-more" })).status).toBe(409)
    const freed = await checked("deactivate", { key, instance: active })
    expect([freed.status, freed.body.result, freed.body.license.activations.length]).toEqual([200, "deactivated", 2])
    expect((await checked("activate", { key, instance: "one-more" })).body.result).toBe("activated")
    expect((await checked("validate", { key, instance: active })).body.result).toBe("not_active")

    // Unknown and mistyped keys: the same 404; bad input: 400 naming the field.
    const unknown = await checked("validate", { key: "AAAA-BBBB-CCCC-DDDD" })
    expect([unknown.status, unknown.body]).toEqual([404, { code: "not_found", message: "This license key is not valid." }])
    const missing = await checked("activate", { key })
    expect(missing.status).toBe(400)
    expect(missing.body.message).toMatch(/instance/)
    expect((await checked("deactivate", { key: "", instance: "x" })).body.message).toMatch(/key/)

    // The merchant revokes and replaces keys by hand.
    const [listed] = await adminKeys(order.id)
    const replaced = (await api.post(`/admin/license-keys/${listed.id}/replace`, {}, admin)).data
    expect([replaced.replaced.state, replaced.license_key.state, replaced.license_key.generation]).toEqual(["revoked", "active", 2])
    expect((await checked("validate", { key })).status).toBe(410)
    const fresh = (await api.post(`/admin/license-keys/${replaced.license_key.id}/reveal`, {}, admin)).data.key
    expect((await checked("validate", { key: fresh })).body.license.activations).toEqual([])
    expect((await api.post(`/admin/license-keys/${replaced.license_key.id}/revoke`, {}, admin)).data.license_key.state).toBe("revoked")
    expect((await checked("activate", { key: fresh, instance: "x" })).status).toBe(410)
  })

  it("a pool of 5 and an order for 7: 5 issued, 2 pending, the merchant alerted once; a refill issues and emails the 2 exactly once", async () => {
    await api.post("/admin/digital-delivery/settings", { alert_email: ALERT_TO }, admin)
    const product = await licensedProduct({ source: "pool", low_pool_threshold: 2 })
    const poolUrl = `/admin/digital-delivery/variants/${product.variantId}/license-keys/pool`
    const pool = Array.from({ length: 8 }, (_, i) => `POOL-${crypto.randomBytes(6).toString("hex").toUpperCase()}-${i}`)

    // Duplicates refuse the whole upload, naming their lines (a CSV with a header here).
    const dup = await api.post(poolUrl, { keys: `key,note\n${pool[0]},a\n${pool[1]},b\n${pool[0].toLowerCase()},c\n` }, admin).catch((e: any) => e.response)
    expect(dup.status).toBe(400)
    expect(dup.data.message).toMatch(/1 duplicate key.*line 4/)
    const up = (await api.post(poolUrl, { keys: pool.slice(0, 5).join("\n") }, admin)).data
    expect([up.added, up.license_config.pool_remaining]).toEqual([5, 5])
    const again = await api.post(poolUrl, { keys: `${pool[5]}\n${pool[2]}` }, admin).catch((e: any) => e.response)
    expect([again.status, again.data.message]).toEqual([400, expect.stringMatching(/line 2/)])

    const order = await paidOrder(product.variantId, "pooled@example.com", 7)
    const text = String(deliveryEmails("pooled@example.com")[0].body.text)
    expect(pool.slice(0, 5).every((k) => text.includes(k))).toBe(true)
    expect(text.match(/we will email it to you/g)).toHaveLength(2)
    let keys = await adminKeys(order.id)
    expect(keys.map((k) => k.state).sort()).toEqual([...Array(5).fill("active"), "pending", "pending"])
    const alerts = () => app.emailsTo(ALERT_TO).filter((e) => /License key pool/.test(e.body.subject))
    await eventually(async () => expect(alerts()).toHaveLength(1))
    expect(alerts()[0].body.subject).toMatch(/is empty/)

    // Deliver again, and the job: nothing issued twice, no second alert.
    await api.post(`/admin/orders/${order.id}/digital-delivery`, {}, admin)
    const engine = app.container().resolve(Modules.WORKFLOW_ENGINE)
    await engine.run("reconcile-license-keys", { input: {} })
    expect((await adminKeys(order.id)).length).toBe(7)
    expect(alerts()).toHaveLength(1)
    const lateEmails = () => app.emailsTo("pooled@example.com").filter((e) => /license keys/i.test(e.body.subject))
    expect(lateEmails()).toHaveLength(0)

    // The refill issues the two pending keys and emails them once.
    const refill = (await api.post(poolUrl, { keys: pool.slice(5).join("\n") }, admin)).data
    expect([refill.added, refill.issued_pending, refill.license_config.pool_remaining, refill.license_config.pool_pending]).toEqual([3, 2, 1, 0])
    keys = await adminKeys(order.id)
    expect(keys.every((k) => k.state === "active")).toBe(true)
    await eventually(async () => expect(lateEmails()).toHaveLength(1))
    const late = String(lateEmails()[0].body.text)
    expect([pool[5], pool[6]].every((k) => late.includes(k))).toBe(true)
    expect(pool.slice(0, 5).some((k) => late.includes(k))).toBe(false)
    await engine.run("reconcile-license-keys", { input: {} })
    await api.post(poolUrl, { keys: `EXTRA-${crypto.randomBytes(6).toString("hex")}` }, admin)
    expect(lateEmails()).toHaveLength(1)
    expect(pool.some((k) => logged.includes(k))).toBe(false)
    const records = await workflowRecords()
    expect(pool.some((k) => records.includes(k))).toBe(false)
    // Every pool key went to one unit: none twice.
    const used = await pg()("license_pool_key").whereNotNull("license_key_id").select("license_key_id")
    expect(new Set(used.map((u: any) => u.license_key_id)).size).toBe(7)
  })

  it("the README's verification example accepts the server's signature and rejects another key pair's or a changed field", async () => {
    const product = await licensedProduct({ source: "generated", activation_limit: 2 })
    const order = await paidOrder(product.variantId, "verify@example.com", 1)
    const [key] = String(deliveryEmails("verify@example.com")[0].body.text).match(KEY_RE)!
    const answer = (await checked("activate", { key, instance: "studio-pc" })).body
    const verify = await readmeVerifier()

    const trusted = verify(answer)
    expect(trusted).toEqual(expect.objectContaining({ result: "activated", instance: "studio-pc", license: expect.objectContaining({ state: "active", limit: 2 }) }))
    // A field changed after signing.
    expect(verify({ ...answer, payload: answer.payload.replace('"limit":2', '"limit":20') })).toBeNull()
    expect(verify({ ...answer, payload: answer.payload.replace('"state":"active"', '"state":"activf"') })).toBeNull()
    // A signature made with another key pair.
    const other = crypto.generateKeyPairSync("ed25519")
    expect(verify({ ...answer, signature: crypto.sign(null, Buffer.from(answer.payload), other.privateKey).toString("base64") })).toBeNull()
    // The unsigned copy beside the payload is not what is trusted.
    expect(verify({ ...answer, license: { ...answer.license, limit: 99 } }).license.limit).toBe(2)

    // The merchant revokes the line's grant: its key goes with it, and the signed answer says so.
    const [grant] = (await api.get(`/admin/orders/${order.id}/digital-delivery`, admin)).data.download_grants
    await api.post(`/admin/download-grants/${grant.id}/revoke`, {}, admin)
    const revoked = await checked("validate", { key })
    expect([revoked.status, verify(revoked.body).license.state]).toEqual([410, "revoked"])
  })
})
