import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import crypto from "crypto"
import fs from "fs"
import { download, eventually } from "../helpers/files"
import { httpSuite, linksIn } from "../helpers/harness"
import { capture, checkout, createDigitalProduct } from "../helpers/store"

/** When the email provider or the storage fails: what the buyer gets, what the merchant is told. */
httpSuite({ store: true, fakeResend: true }, (app) => {
  const { api, admin, store, emailsTo } = app
  const pdf = crypto.randomBytes(300_000)

  const local = app.link
  const grantsOf = async (orderId: string) =>
    (await api.get(`/admin/orders/${orderId}/digital-delivery`, admin)).data

  /** Sets where alerts go, sells one file and delivers the order by hand; returns the product and its grant. */
  async function deliveredByHand(alertEmail: string, file: { name: string; content: Buffer }, email: string) {
    await api.post("/admin/digital-delivery/settings", { alert_email: alertEmail }, admin)
    const product = await createDigitalProduct(api, admin, app.baseURL, store, [file])
    const order = await checkout(api, store, { email, items: [{ variant_id: product.variantId }] })
    const { data } = await api.post(`/admin/orders/${order.id}/digital-delivery`, {}, admin)
    return { product, grant: data.download_grants[0] }
  }
  /** Waits for the one email sent to `to`. */
  const oneEmailTo = (to: string) =>
    eventually(async () => {
      const sent = emailsTo(to)
      expect(sent).toHaveLength(1)
      return sent
    })

  it("keeps the grants when the email provider fails, and a resend delivers the email", async () => {
    const product = await createDigitalProduct(api, admin, app.baseURL, store, [{ name: "Retry.pdf", content: pdf }])
    const order = await checkout(api, store, { email: "retry@example.com", items: [{ variant_id: product.variantId }] })
    app.fake.failNext(1, { status: 500 })
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
    app.fake.failNext(1, { status: 500 })
    const refused = await api.post(`/admin/orders/${order.id}/digital-delivery/resend`, {}, admin).catch((e: any) => e.response)
    expect(refused.status).toBe(502)
    expect(refused.data.message).toMatch(/could not be sent/)
  })

  it("alerts the merchant once when a stored file is missing, and does not count the attempt", async () => {
    const { product, grant } = await deliveredByHand("ops@example.com", { name: "Lost.pdf", content: pdf }, "lost@example.com")
    // The file disappears from storage behind the plugin's back.
    const [asset] = await app.container().resolve<any>("digital_delivery").listDigitalAssets({ id: product.assets[0].id })
    await app.container().resolve(Modules.FILE).deleteFiles(asset.file_id)

    for (let i = 0; i < 2; i++) {
      const res = await fetch(local(grant.download_url), { headers: { accept: "application/json" } })
      expect(res.status).toBe(503)
      expect(res.headers.get("retry-after")).toBe("60")
      const body = await res.json()
      expect(body.code).toBe("storage_unavailable")
      expect(JSON.stringify(body)).not.toMatch(/private|\.tmp|storage\//)
    }
    const alerts = await oneEmailTo("ops@example.com")
    expect(alerts[0].body.subject).toBe("[Digital delivery] Download failed: Lost.pdf")
    expect(alerts[0].body.text).toMatch(/the stored file is missing/)
    await new Promise((r) => setTimeout(r, 500))
    expect(emailsTo("ops@example.com")).toHaveLength(1)
    const after = await api.get(`/admin/download-grants/${grant.id}`, admin)
    expect(after.data.download_grant.downloads_used).toBe(0)
  })

  it("a stored file that breaks mid-stream: the buyer's download is left incomplete, charged only what was sent, logged, the merchant alerted once", async () => {
    const big = crypto.randomBytes(4 * 1024 * 1024)
    const { product, grant } = await deliveredByHand("ops2@example.com", { name: "Torn.pdf", content: big }, "torn@example.com")
    // The stored file loses its second half behind the plugin's back (a failing disk, a bad sync).
    const [asset] = await app.container().resolve<any>("digital_delivery").listDigitalAssets({ id: product.assets[0].id })
    const stream = (await app.container().resolve(Modules.FILE).getDownloadStream(asset.file_id)) as any
    stream.destroy()
    fs.truncateSync(stream.path, 1024 * 1024)

    for (let i = 0; i < 2; i++) {
      const res = await fetch(local(grant.download_url))
      expect(res.status).toBe(200)
      expect(res.headers.get("content-length")).toBe(String(big.length))
      // The body stops short and the connection closes: no client can take it for the whole file.
      await expect(res.arrayBuffer()).rejects.toThrow()
    }
    const alerts = await oneEmailTo("ops2@example.com")
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
    const product = await createDigitalProduct(api, admin, app.baseURL, store, [{ name: "Patience.pdf", content: pdf }])
    const order = await checkout(api, store, { email: "patience@example.com", items: [{ variant_id: product.variantId }] })
    app.fake.failNext(1, { status: 500 })
    await capture(api, admin, order.id)
    await eventually(async () => {
      const d = await grantsOf(order.id)
      expect(d.download_grants).toHaveLength(1)
      expect(d.emails).toEqual([expect.objectContaining({ status: "failure" })])
    }, 15_000)

    // The provider now accepts the connection and never answers: the resend gives up (timeout_ms) and says so.
    app.fake.hang(true)
    const started = Date.now()
    const refused = await api.post(`/admin/orders/${order.id}/digital-delivery/resend`, {}, admin).catch((e: any) => e.response)
    expect(refused.status).toBe(502)
    expect(Date.now() - started).toBeLessThan(20_000)
    expect((await grantsOf(order.id)).emails.every((e: any) => e.status === "failure")).toBe(true)

    // The provider is back: the reconciliation job retries the failed email once.
    app.fake.hang(false)
    const engine = app.container().resolve(Modules.WORKFLOW_ENGINE)
    await engine.run("job-digital-delivery-reconcile", { input: {} })
    await eventually(async () => {
      expect(emailsTo("patience@example.com")).toHaveLength(1)
      expect((await grantsOf(order.id)).emails).toEqual(expect.arrayContaining([expect.objectContaining({ status: "success" })]))
    }, 15_000)
    expect(linksIn(emailsTo("patience@example.com")[0].body.text).length).toBeGreaterThan(0)
    expect((await grantsOf(order.id)).download_grants).toHaveLength(1)
  })

  it("a step failing after the email was sent keeps the grants its links point to", async () => {
    // The database refuses the history entry written after the email (a real
    // failure, from PostgreSQL): the links already sent must still work.
    const pg = app.container().resolve<any>(ContainerRegistrationKeys.PG_CONNECTION)
    await pg.raw(`
      CREATE FUNCTION dd_test_refuse_email_activity() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'dd test: history unavailable'; END $$;
      CREATE TRIGGER dd_test_refuse_email_activity BEFORE INSERT ON grant_activity
        FOR EACH ROW WHEN (NEW.action = 'email_sent') EXECUTE FUNCTION dd_test_refuse_email_activity();`)
    try {
      const product = await createDigitalProduct(api, admin, app.baseURL, store, [{ name: "Kept.pdf", content: pdf }])
      const order = await checkout(api, store, { email: "kept@example.com", items: [{ variant_id: product.variantId }] })
      await capture(api, admin, order.id)
      const [email] = await oneEmailTo("kept@example.com")
      const [link] = linksIn(email.body.text)
      // The workflow has ended (the order's lock is free) before the link is tried.
      await app.settled()
      expect((await grantsOf(order.id)).download_grants).toHaveLength(1)
      const res = await fetch(local(link))
      expect(res.status).toBe(200)
      expect(Buffer.from(await res.arrayBuffer()).equals(pdf)).toBe(true)
    } finally {
      await pg.raw(`DROP TRIGGER dd_test_refuse_email_activity ON grant_activity; DROP FUNCTION dd_test_refuse_email_activity();`)
    }
  })

  it("alerts the merchant about a grant collecting unusual refusals", async () => {
    const { grant } = await deliveredByHand("ops@example.com", { name: "Shared.pdf", content: pdf }, "sharer@example.com")
    await api.post(`/admin/download-grants/${grant.id}`, { max_downloads: 1 }, admin)
    expect((await download(local(grant.download_url))).status).toBe(200)
    for (let i = 0; i < 9; i++) expect((await download(local(grant.download_url))).status).toBe(410)
    await new Promise((r) => setTimeout(r, 500))
    expect(emailsTo("ops@example.com")).toHaveLength(0) // 9 refusals: still usual
    for (let i = 0; i < 5; i++) expect((await download(local(grant.download_url))).status).toBe(410)
    const [alert] = await oneEmailTo("ops@example.com")
    expect(alert.body.subject).toBe("[Digital delivery] Unusual download refusals: Shared.pdf")
    await new Promise((r) => setTimeout(r, 500))
    expect(emailsTo("ops@example.com")).toHaveLength(1)
  })
})
