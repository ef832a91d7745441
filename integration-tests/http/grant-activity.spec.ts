import { Modules } from "@medusajs/framework/utils"
import crypto from "crypto"
import { download, eventually } from "../helpers/files"
import { ADMIN_EMAIL, httpSuite } from "../helpers/harness"
import { capture, checkout, createDigitalProduct, paymentsOf } from "../helpers/store"

/**
 * A grant's whole story (issue 15): the merchant's actions on it, with who
 * and when, interleaved with its downloads; the plugin's own actions as
 * "system" entries; a failed action leaves no entry.
 */
httpSuite({ store: true, fakeResend: true }, (app) => {
  const { api, admin, store } = app
  const pdf = crypto.randomBytes(50_000)

  const grantsOf = async (orderId: string) => (await api.get(`/admin/orders/${orderId}/digital-delivery`, admin)).data.download_grants
  const historyOf = async (grantId: string, query = "") =>
    (await api.get(`/admin/download-grants/${grantId}/history${query}`, admin)).data
  const activityOf = async (grantId: string) =>
    ((await historyOf(grantId, "?limit=200")).history as any[]).filter((e) => e.kind === "activity")

  /** A paid order of one file, delivered by the plugin; its grant. */
  const paidOrder = async (email: string) => {
    const product = await createDigitalProduct(api, admin, app.baseURL, store, [{ name: "Story.pdf", content: pdf }])
    const order = await checkout(api, store, { email, items: [{ variant_id: product.variantId }] })
    await capture(api, admin, order.id)
    const grant = await eventually(async () => {
      const [g] = await grantsOf(order.id)
      expect(g).toBeDefined()
      // the delivery email's entry is written last
      expect((await activityOf(g.id)).map((e) => e.action)).toContain("email_sent")
      return g
    }, 15_000)
    return { order, grant }
  }

  it("each Admin action on a grant leaves one entry with the admin's email, newest first, between the downloads", async () => {
    const { order, grant } = await paidOrder("story@example.com")
    expect((await download(app.link(grant.download_url))).status).toBe(200)
    await eventually(async () => expect((await historyOf(grant.id)).history.some((e: any) => e.kind === "download")).toBe(true))

    const url = `/admin/download-grants/${grant.id}`
    const expiry = "2031-01-02T03:04:05.000Z"
    await api.post(url, { enabled: false }, admin)
    await api.post(url, { enabled: true }, admin)
    await api.post(url, { downloads_used: 0 }, admin)
    await api.post(url, { max_downloads: 10 }, admin)
    await api.post(url, { expires_at: expiry }, admin)
    await api.post(`${url}/regenerate-link`, {}, admin)
    await api.post(`/admin/orders/${order.id}/digital-delivery/resend`, {}, admin)
    await api.post(`${url}/revoke`, {}, admin)

    const { history } = await historyOf(grant.id, "?limit=200")
    const story = (history as any[]).map((e) => (e.kind === "download" ? `download:${e.outcome}` : `${e.action}:${e.actor_type}`))
    expect(story).toEqual([
      "revoked:user",
      "email_sent:user",
      "link_regenerated:user",
      "expiry_changed:user",
      "limit_changed:user",
      "usage_reset:user",
      "enabled:user",
      "disabled:user",
      "download:served",
      "email_sent:system",
      "issued:system",
    ])
    // the newest entry of each action
    const byAction: Record<string, any> = {}
    for (const e of (history as any[]).filter((e) => e.kind === "activity")) byAction[e.action] ??= e
    const users = app.container().resolve(Modules.USER)
    const [user] = await users.listUsers({ email: ADMIN_EMAIL })
    for (const action of ["revoked", "link_regenerated", "expiry_changed", "limit_changed", "usage_reset", "enabled", "disabled"]) {
      expect([action, byAction[action].actor_email, byAction[action].actor_id]).toEqual([action, ADMIN_EMAIL, user.id])
    }
    expect(byAction.disabled.change).toEqual({ from: true, to: false })
    expect(byAction.enabled.change).toEqual({ from: false, to: true })
    expect(byAction.usage_reset.change).toEqual({ from: 1, to: 0 })
    expect(byAction.limit_changed.change).toEqual({ from: grant.max_downloads, to: 10 })
    expect(byAction.expiry_changed.change).toEqual({ from: grant.expires_at ? new Date(grant.expires_at).toISOString() : null, to: expiry })
    expect(byAction.email_sent.details).toEqual({ kind: "resend", status: "sent" })
    expect(byAction.issued).toEqual(expect.objectContaining({ actor_type: "system", actor_id: null, actor_email: null, details: { reason: "payment" } }))
    // times never go backwards down the list
    const times = (history as any[]).map((e) => new Date(e.created_at).getTime())
    expect([...times].sort((a, b) => b - a)).toEqual(times)
  })

  it("pages the history by cursor: every entry once, in the same order", async () => {
    const { grant } = await paidOrder("pages@example.com")
    for (const max_downloads of [2, 3, 4]) await api.post(`/admin/download-grants/${grant.id}`, { max_downloads }, admin)
    expect((await download(app.link(grant.download_url))).status).toBe(200)
    await api.post(`/admin/download-grants/${grant.id}`, { max_downloads: 5 }, admin)
    const all = await eventually(async () => {
      const { history } = await historyOf(grant.id, "?limit=200")
      expect(history).toHaveLength(7)
      return history
    })
    const paged: any[] = []
    let cursor: string | null = null
    do {
      const page: any = await historyOf(grant.id, `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`)
      expect(page.history.length).toBeLessThanOrEqual(2)
      paged.push(...page.history)
      cursor = page.next_cursor
    } while (cursor)
    expect(paged.map((e) => e.id)).toEqual(all.map((e: any) => e.id))
    const bad = await api.get(`/admin/download-grants/${grant.id}/history?cursor=nonsense`, admin).catch((e: any) => e.response)
    expect(bad.status).toBe(400)
  })

  it("a failed action leaves no entry: a refused body, and a change the database refuses (the entry is in its transaction)", async () => {
    const { grant } = await paidOrder("failed@example.com")
    const before = await activityOf(grant.id)

    const refused = await api.post(`/admin/download-grants/${grant.id}`, { max_downloads: -1 }, admin).catch((e: any) => e.response)
    expect(refused.status).toBe(400)
    const unknown = await api.post(`/admin/download-grants/${grant.id}`, {}, admin).catch((e: any) => e.response)
    expect(unknown.status).toBe(400)

    // Past the validator: the update itself fails (not an integer), after the entry would be written.
    const engine = app.container().resolve(Modules.WORKFLOW_ENGINE)
    const failed = await engine
      .run("update-download-grants", {
        input: { grants: [{ id: grant.id, enabled: false, max_downloads: "many" }], actor: { type: "user", id: "user_x", email: "x@example.com" } },
        throwOnError: true,
      })
      .then(() => null, (e: unknown) => e ?? "rejected")
    expect(failed).not.toBeNull()

    expect(await activityOf(grant.id)).toEqual(before)
    const [now] = await grantsOf((await api.get(`/admin/download-grants/${grant.id}`, admin)).data.download_grant.order_id)
    expect(now.enabled).toBe(true)
  })

  it("a refund revokes the grants with a system entry; 'Deliver now' and a bulk action are the admin's", async () => {
    const { order, grant } = await paidOrder("refunded@example.com")
    const [payment] = await paymentsOf(api, admin, order.id)
    await api.post(`/admin/payments/${payment.id}/refund`, {}, admin)
    const revoked = await eventually(async () => {
      const entry = (await activityOf(grant.id)).find((e) => e.action === "revoked")
      expect(entry).toBeDefined()
      return entry
    }, 15_000)
    expect(revoked).toEqual(expect.objectContaining({ actor_type: "system", actor_email: null, details: { reason: "refund" } }))

    // Not paid (authorized only): the merchant delivers by hand.
    const product = await createDigitalProduct(api, admin, app.baseURL, store, [{ name: "Manual.pdf", content: pdf }])
    const unpaid = await checkout(api, store, { email: "manual@example.com", items: [{ variant_id: product.variantId }] })
    await api.post(`/admin/orders/${unpaid.id}/digital-delivery`, {}, admin)
    const [manual] = await grantsOf(unpaid.id)
    const manualStory = await activityOf(manual.id)
    expect(manualStory.map((e) => [e.action, e.actor_email, e.details])).toEqual([
      ["email_sent", ADMIN_EMAIL, { kind: "delivery", status: "sent" }],
      ["issued", ADMIN_EMAIL, { reason: "manual" }],
    ])

    await api.post("/admin/digital-delivery/orders/batch", { order_ids: [unpaid.id], action: "disable" }, admin)
    const [latest] = await activityOf(manual.id)
    expect(latest).toEqual(expect.objectContaining({ action: "disabled", actor_email: ADMIN_EMAIL, details: { bulk: "disable" } }))
  })
})
