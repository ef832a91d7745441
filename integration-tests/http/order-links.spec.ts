import crypto from "crypto"
import { eventually } from "../helpers/files"
import { capture, checkout, createDigitalProduct } from "../helpers/store"
import { httpSuite, linksIn } from "../helpers/harness"

// "Regenerate the order's links": the merchant's answer to a leaked order page.
httpSuite({ store: true, fakeResend: true }, (app) => {
  const { api, admin, store } = app
  const files = [
    { name: "Atlas.pdf", content: crypto.randomBytes(200_000) },
    { name: "Atlas.epub", content: crypto.randomBytes(80_000) },
  ]

  const local = app.link
  const get = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(url, { redirect: "manual", ...init })
    return { status: res.status, text: await res.text() }
  }
  const json = { headers: { accept: "application/json" } }
  const deliveryOf = async (orderId: string) => (await api.get(`/admin/orders/${orderId}/digital-delivery`, admin)).data
  const { emailsTo } = app

  /** A paid guest order of both files; resolves once it is delivered. */
  async function deliveredOrder(email: string) {
    const product = await createDigitalProduct(api, admin, app.baseURL, store, files)
    const order = await checkout(api, store, { email, items: [{ variant_id: product.variantId }] })
    await capture(api, admin, order.id)
    return eventually(async () => {
      const d = await deliveryOf(order.id)
      expect(d.download_grants).toHaveLength(2)
      expect(emailsTo(email)).toHaveLength(1)
      return { orderId: order.id as string, delivery: d }
    }, 15_000)
  }

  describe("POST /admin/orders/:id/digital-delivery/regenerate-links", () => {
    it("kills the order page, its ZIP and every file link sent before; the new ones work", async () => {
      const { orderId, delivery } = await deliveredOrder("leaked@example.com")
      const oldPage = local(delivery.order_page_url)
      const oldLinks = delivery.download_grants.map((g: any) => local(g.download_url))
      expect((await get(oldPage)).status).toBe(200)
      expect((await get(`${oldPage}/zip`)).status).toBe(200)

      const { data } = await api.post(`/admin/orders/${orderId}/digital-delivery/regenerate-links`, {}, admin)
      expect(data.regenerated).toEqual(expect.objectContaining({ link_version: 2, email: null }))
      expect(data.regenerated.regenerated_grant_ids.sort()).toEqual(delivery.download_grants.map((g: any) => g.id).sort())
      expect(data.order_page_url).not.toBe(delivery.order_page_url)

      // Every old link answers like an unknown one.
      for (const url of [oldPage, `${oldPage}/zip`, ...oldLinks]) {
        const res = await get(url, json)
        expect({ url, status: res.status, code: JSON.parse(res.text).code }).toEqual({ url, status: 404, code: "not_found" })
      }
      expect((await get(`${oldPage}/zip`, { method: "HEAD" })).status).toBe(404)
      expect((await get(`${local(data.order_page_url)}/zip`, { method: "HEAD" })).status).toBe(200)
      // The new order page lists links that download the files.
      const page = await get(local(data.order_page_url))
      expect(page.status).toBe(200)
      const pageLinks = [...page.text.matchAll(/href="(https?:\/\/[^"]+\/digital-downloads\/[^"/]+)"/g)].map((m) => m[1])
      const newLinks = data.download_grants.map((g: any) => g.download_url)
      expect(pageLinks.sort()).toEqual(newLinks.sort())
      for (const url of newLinks) expect((await get(local(url))).status).toBe(200)
      // Nothing was emailed without being asked.
      expect(emailsTo("leaked@example.com")).toHaveLength(1)
    })

    it("with resend: true emails the new links (the old ones are dead)", async () => {
      const { orderId } = await deliveredOrder("resend-new@example.com")
      const { data } = await api.post(`/admin/orders/${orderId}/digital-delivery/regenerate-links`, { resend: true }, admin)
      expect(data.regenerated.email).toEqual(expect.objectContaining({ status: "sent" }))
      const [first, second] = emailsTo("resend-new@example.com")
      expect(second).toBeDefined()
      const fresh = linksIn(second.body.text)
      expect(fresh).toContain(data.order_page_url)
      for (const g of data.download_grants) expect(fresh).toContain(g.download_url)
      for (const url of linksIn(first.body.text)) expect((await get(local(url))).status).toBe(404)
      for (const url of fresh) expect((await get(local(url))).status).toBe(200)
    })

    it("refuses a body it does not know, naming the field, and changes nothing", async () => {
      const { orderId, delivery } = await deliveredOrder("strict@example.com")
      const res = await api
        .post(`/admin/orders/${orderId}/digital-delivery/regenerate-links`, { resend: "yes" }, admin)
        .catch((e: any) => e.response)
      expect(res.status).toBe(400)
      expect(res.data.message).toMatch(/resend/)
      expect((await deliveryOf(orderId)).order_page_url).toBe(delivery.order_page_url)
      expect((await get(local(delivery.order_page_url))).status).toBe(200)
    })

    it("is for admins only", async () => {
      const { orderId, delivery } = await deliveredOrder("admins-only@example.com")
      const res = await api.post(`/admin/orders/${orderId}/digital-delivery/regenerate-links`, {}).catch((e: any) => e.response)
      expect(res.status).toBe(401)
      expect((await get(local(delivery.order_page_url))).status).toBe(200)
    })
  })
})
