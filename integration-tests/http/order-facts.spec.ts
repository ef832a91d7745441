import crypto from "crypto"
import { eventually } from "../helpers/files"
import { capture, checkout, createDigitalProduct } from "../helpers/store"
import { httpSuite } from "../helpers/harness"
import { readZip } from "../helpers/zip"

/**
 * What the merchant and the buyer read about an order's files is right
 * (issue 15): one order of files everywhere, the email's facts and its order
 * page button, the Digital deliveries list's next expiry and downloads, a
 * search for an address being typed, IPv4 addresses.
 */
httpSuite({ store: true, fakeResend: true }, (app) => {
  const { api, admin, store, emailsTo } = app
  // Uploaded (and attached) out of order; natural order is Dawn, Noon, Dusk.
  const files = ["10 - Dusk.wav", "2 - Noon.wav", "1 - Dawn.wav"].map((name) => ({ name, content: crypto.randomBytes(3000) }))
  const ORDERED = ["1 - Dawn.wav", "2 - Noon.wav", "10 - Dusk.wav"]
  const EMAIL = "facts.buyer@example.com"

  const deliveryOf = async (orderId: string) => (await api.get(`/admin/orders/${orderId}/digital-delivery`, admin)).data
  const listRow = async (orderId: string) => (await api.get(`/admin/digital-delivery/orders?order_id=${orderId}`, admin)).data.digital_orders[0]
  /** The names in the order they first appear in `text`. */
  const inOrderOfText = (text: string) => [...ORDERED].sort((a, b) => text.indexOf(a) - text.indexOf(b))

  async function deliveredOrder() {
    const product = await createDigitalProduct(api, admin, app.baseURL, store, files)
    const order = await checkout(api, store, { email: EMAIL, items: [{ variant_id: product.variantId }] })
    await capture(api, admin, order.id)
    return eventually(async () => {
      const d = await deliveryOf(order.id)
      expect(d.download_grants).toHaveLength(3)
      expect(emailsTo(EMAIL)).toHaveLength(1)
      return { orderId: order.id as string, delivery: d }
    }, 15_000)
  }

  it("lists the files in one order everywhere, gives a used-up file no link, shows the order page as a button, records IPv4 as IPv4", async () => {
    const { orderId, delivery } = await deliveredOrder()
    const grantOf = (name: string) => delivery.download_grants.find((g: any) => g.asset.filename === name)

    // The Admin's grant table, the order page, the ZIP, the email: Dawn, Noon, Dusk.
    expect(delivery.download_grants.map((g: any) => g.asset.filename)).toEqual(ORDERED)
    const page = await (await fetch(app.link(delivery.order_page_url))).text()
    expect(inOrderOfText(page)).toEqual(ORDERED)
    expect(page.indexOf("1 - Dawn.wav")).toBeGreaterThan(0)
    const zip = await readZip(Buffer.from(await (await fetch(`${app.link(delivery.order_page_url)}/zip`)).arrayBuffer()))
    expect(zip.map((e) => e.name)).toEqual(ORDERED)
    const [first] = emailsTo(EMAIL)
    expect(inOrderOfText(first.body.text)).toEqual(ORDERED)

    // Noon: a limit of 2, one used by the ZIP, the other by a download over IPv4.
    const noon = grantOf("2 - Noon.wav")
    await api.post(`/admin/download-grants/${noon.id}`, { max_downloads: 2 }, admin)
    await api.post(`/admin/download-grants/${grantOf("1 - Dawn.wav").id}`, { max_downloads: null }, admin)
    const over4 = new URL(app.link(noon.download_url))
    over4.hostname = "127.0.0.1"
    const res = await fetch(over4)
    expect(res.status).toBe(200)
    await res.arrayBuffer()
    const history = await eventually(async () => {
      const { data } = await api.get(`/admin/download-grants/${noon.id}`, admin)
      expect(data.download_grant.status).toBe("exhausted")
      expect(data.download_grant.download_events).toHaveLength(2)
      return data.download_grant
    })
    // newest first: the download over IPv4, then the ZIP's (over whatever "localhost" is)
    expect(history.download_events[0].ip).toBe("127.0.0.1")
    for (const e of history.download_events) expect(e.ip).not.toMatch(/^::ffff:/i)

    // Resend: Noon has no link and says why; the limits are not one number; the order page is a button.
    await api.post(`/admin/orders/${orderId}/digital-delivery/resend`, {}, admin)
    const resent = await eventually(async () => {
      const sent = emailsTo(EMAIL)
      expect(sent).toHaveLength(2)
      return sent[1].body
    })
    expect(resent.text).toMatch(/- 2 - Noon\.wav \([^)]*\): Download limit reached/)
    expect(resent.text).not.toContain(noon.download_url)
    expect(resent.html).not.toContain(noon.download_url)
    expect(resent.text).not.toContain("Downloads per file: unlimited.")
    expect(resent.text).toContain("Downloads per file: unlimited; 2 for 2 - Noon.wav; 3 for 10 - Dusk.wav.")
    expect(resent.text).toContain(`View your order: ${delivery.order_page_url}`)
    expect(resent.html).toContain(`>View your order</a>`)
    expect(resent.html).not.toContain(`>${delivery.order_page_url}<`)
    expect(inOrderOfText(resent.text)).toEqual(ORDERED)
  })

  it("the deliveries list: next expiry and downloads of the files not revoked, a fully revoked order as revoked; an address being typed finds it", async () => {
    const { orderId, delivery } = await deliveredOrder()
    const grantOf = (name: string) => delivery.download_grants.find((g: any) => g.asset.filename === name)
    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString()
    const [dawn, noon, dusk] = ORDERED.map(grantOf)
    await api.post(`/admin/download-grants/${dawn.id}`, { expires_at: inDays(2) }, admin)
    await api.post(`/admin/download-grants/${noon.id}`, { expires_at: inDays(50), max_downloads: 5 }, admin)
    await api.post(`/admin/download-grants/${dusk.id}`, { expires_at: inDays(40) }, admin)
    await api.post(`/admin/download-grants/${dawn.id}/revoke`, {}, admin)
    for (let i = 0; i < 2; i++) await (await fetch(app.link(noon.download_url))).arrayBuffer()
    await eventually(async () => expect((await api.get(`/admin/download-grants/${noon.id}`, admin)).data.download_grant.downloads_used).toBe(2))

    const row = await listRow(orderId)
    expect(new Date(row.expires_at).toISOString()).toBe(new Date((await deliveryOf(orderId)).download_grants.find((g: any) => g.id === dusk.id).expires_at).toISOString())
    expect(row).toEqual(expect.objectContaining({ grant_count: 3, live_count: 2, top_downloads_used: 2, top_max_downloads: 5 }))

    // Search while the address is typed: every step finds the order and its grants.
    for (const q of ["facts.buyer", "facts.buyer@ex", "facts.buyer@example.c", "Facts.Buyer@Example.com"]) {
      const orders = (await api.get(`/admin/digital-delivery/orders?q=${encodeURIComponent(q)}`, admin)).data.digital_orders
      expect([q, orders.map((o: any) => o.order_id)]).toEqual([q, [orderId]])
      const grants = (await api.get(`/admin/download-grants?q=${encodeURIComponent(q)}`, admin)).data.download_grants
      expect([q, grants.length]).toEqual([q, 3])
    }

    // Fully revoked: no next expiry, no usage.
    await api.post("/admin/digital-delivery/orders/batch", { order_ids: [orderId], action: "revoke" }, admin)
    expect(await listRow(orderId)).toEqual(expect.objectContaining({ live_count: 0, expires_at: null, top_downloads_used: null, top_max_downloads: null, revoked_count: 3 }))
  })
})
