import { Modules } from "@medusajs/framework/utils"
import { ADDRESS, FULFILLMENT_STATUS_FIELDS } from "../../scripts/lib/store-fixture"
import { eventually } from "../helpers/files"
import { httpSuite } from "../helpers/harness"
import { capture, checkout, createDigitalProduct, paymentsOf } from "../helpers/store"

/**
 * Delivering an order records it in Medusa's own terms: a fulfillment on the
 * plugin's `digital` provider, marked delivered, so the Orders list reads
 * "delivered" (digital only) or "partially delivered" (mixed, until the
 * merchant ships the rest). Exactly one, however often delivery runs.
 */
httpSuite({ store: true, fakeResend: true }, (app) => {
  const { api, admin, store } = app
  let profileId = ""
  let locationId = ""

  const orderOf = async (id: string) => (await api.get(`/admin/orders/${id}?fields=payment_status,${FULFILLMENT_STATUS_FIELDS}`, admin)).data.order
  /** The Orders list's row, as Medusa's Admin asks for it. */
  const listed = async (id: string) =>
    (await api.get(`/admin/orders?fields=id,fulfillment_status,payment_status&limit=100`, admin)).data.orders.find((o: any) => o.id === id)
  /** The order once Medusa reads the given fulfillment status (delivery runs after the capture's event). */
  const orderReading = (id: string, status: string) =>
    eventually(async () => {
      const o = await orderOf(id)
      expect(o.fulfillment_status).toBe(status)
      return o
    }, 15_000)
  const grantsOf = async (id: string) => (await api.get(`/admin/orders/${id}/digital-delivery`, admin)).data.download_grants
  const paidDigitalOrder = async (email: string, quantity = 1) => {
    const product = await createDigitalProduct(api, admin, app.baseURL, store, [{ name: "Book.pdf", content: "%PDF-1.4 book" }])
    const order = await checkout(api, store, { email, items: [{ variant_id: product.variantId, quantity }] })
    await capture(api, admin, order.id)
    return order
  }

  app.seed(async () => {
    // Shipping for the physical product of the mixed cart, as a merchant sets it up.
    const { stock_location: location } = await (
      await api.post("/admin/stock-locations", { name: "Warehouse", address: { address_1: "1 Dock Road", city: "London", country_code: "gb" } }, admin)
    ).data
    locationId = location.id
    await api.post(`/admin/stock-locations/${location.id}/sales-channels`, { add: [store.salesChannelId] }, admin)
    await api.post(`/admin/stock-locations/${location.id}/fulfillment-providers`, { add: ["manual_manual"] }, admin)
    await api.post(`/admin/stock-locations/${location.id}/fulfillment-sets`, { name: "Shipping", type: "shipping" }, admin)
    const set = (await api.get(`/admin/stock-locations/${location.id}?fields=*fulfillment_sets`, admin)).data.stock_location.fulfillment_sets[0]
    const zoned = await api.post(`/admin/fulfillment-sets/${set.id}/service-zones`, { name: "US", geo_zones: [{ type: "country", country_code: "us" }] }, admin)
    const zone = zoned.data.fulfillment_set.service_zones[0]
    const profiles = (await api.get("/admin/shipping-profiles", admin)).data.shipping_profiles
    profileId = (profiles.find((p: any) => p.type === "default") ?? (await api.post("/admin/shipping-profiles", { name: "Default", type: "default" }, admin)).data.shipping_profile).id
    await api.post(
      "/admin/shipping-options",
      {
        name: "Post",
        service_zone_id: zone.id,
        shipping_profile_id: profileId,
        provider_id: "manual_manual",
        price_type: "flat",
        type: { label: "Post", description: "3-5 days", code: "post" },
        prices: [{ currency_code: "usd", amount: 5 }],
        rules: [
          { attribute: "enabled_in_store", value: "true", operator: "eq" },
          { attribute: "is_return", value: "false", operator: "eq" },
        ],
      },
      admin
    )
  })

  it("a paid digital-only order reads delivered: one delivered fulfillment of its lines, on the digital provider", async () => {
    const product = await createDigitalProduct(api, admin, app.baseURL, store, [
      { name: "Book.pdf", content: "%PDF-1.4 book" },
      { name: "Book.epub", content: "PK epub" },
    ])
    const order = await checkout(api, store, { email: "only@example.com", items: [{ variant_id: product.variantId, quantity: 2 }] })
    // Placed, only authorized: nothing delivered, nothing fulfilled.
    await new Promise((r) => setTimeout(r, 500))
    expect((await orderOf(order.id)).fulfillment_status).toBe("not_fulfilled")

    await capture(api, admin, order.id)
    const delivered = await orderReading(order.id, "delivered")
    expect(delivered.fulfillments).toHaveLength(1)
    const [f] = delivered.fulfillments
    expect(f).toEqual(expect.objectContaining({ provider_id: "digital_digital", requires_shipping: false, canceled_at: null, shipped_at: null }))
    expect(f.delivered_at).toBeTruthy()
    // One fulfillment line for the order line (two files, quantity 2).
    expect(f.items).toEqual([expect.objectContaining({ line_item_id: delivered.items[0].id, quantity: 2 })])
    // The Orders list (what Medusa's Admin shows) says the same.
    expect(await listed(order.id)).toEqual(expect.objectContaining({ fulfillment_status: "delivered", payment_status: "captured" }))
  })

  it("redelivery, concurrent runs and the reconciliation job never add a second fulfillment", async () => {
    const order = await paidDigitalOrder("again@example.com")
    await eventually(async () => expect((await orderOf(order.id)).fulfillment_status).toBe("delivered"), 15_000)

    const engine = app.container().resolve(Modules.WORKFLOW_ENGINE)
    const runs = await Promise.all([
      api.post(`/admin/orders/${order.id}/digital-delivery`, {}, admin),
      api.post(`/admin/orders/${order.id}/digital-delivery`, {}, admin),
      engine.run("deliver-order", { input: { order_id: order.id } }),
      engine.run("deliver-order", { input: { order_id: order.id } }),
    ])
    expect(runs.length).toBe(4)
    await engine.run("job-digital-delivery-reconcile", { input: {} })
    const o = await orderOf(order.id)
    expect(o.fulfillments).toHaveLength(1)
    expect(o.fulfillment_status).toBe("delivered")
  })

  it("the reconciliation job's delivery fulfils too", async () => {
    const product = await createDigitalProduct(api, admin, app.baseURL, store, [{ name: "Quiet.pdf", content: "%PDF quiet" }])
    const order = await checkout(api, store, { email: "quiet@example.com", items: [{ variant_id: product.variantId }] })
    const [payment] = await paymentsOf(api, admin, order.id)
    // Captured without an event: only the job finds it.
    await app.container().resolve(Modules.PAYMENT).capturePayment({ payment_id: payment.id })
    expect((await orderOf(order.id)).fulfillment_status).toBe("not_fulfilled")
    await app.container().resolve(Modules.WORKFLOW_ENGINE).run("job-digital-delivery-reconcile", { input: {} })
    await eventually(async () => expect((await orderOf(order.id)).fulfillment_status).toBe("delivered"), 15_000)
    expect((await orderOf(order.id)).fulfillments).toHaveLength(1)
  })

  it("a mixed order is partially delivered until the merchant ships and delivers the physical line", async () => {
    const digital = await createDigitalProduct(api, admin, app.baseURL, store, [{ name: "Manual.pdf", content: "%PDF manual" }])
    const poster = await createDigitalProduct(api, admin, app.baseURL, store, [], { shipping_profile_id: profileId })
    const order = await checkout(api, store, {
      email: "mixed@example.com",
      items: [{ variant_id: digital.variantId }, { variant_id: poster.variantId }],
      shippingAddress: ADDRESS,
      shipping: true,
    })
    await capture(api, admin, order.id)
    const partial = await orderReading(order.id, "partially_delivered")
    const posterLine = partial.items.find((i: any) => i.requires_shipping)
    const digitalLine = partial.items.find((i: any) => !i.requires_shipping)
    // Only the digital line is fulfilled; the poster waits for the merchant.
    expect(partial.fulfillments).toHaveLength(1)
    expect(partial.fulfillments[0].items).toEqual([expect.objectContaining({ line_item_id: digitalLine.id })])
    expect(partial.fulfillments[0].provider_id).toBe("digital_digital")
    expect((await listed(order.id)).fulfillment_status).toBe("partially_delivered")

    // The merchant ships the poster the usual way, then marks it delivered.
    await api.post(`/admin/orders/${order.id}/fulfillments`, { items: [{ id: posterLine.id, quantity: 1 }], location_id: locationId }, admin)
    const shipped = await orderOf(order.id)
    const posterFulfillment = shipped.fulfillments.find((f: any) => f.provider_id === "manual_manual")
    expect(shipped.fulfillment_status).toBe("partially_delivered")
    await api.post(`/admin/orders/${order.id}/fulfillments/${posterFulfillment.id}/mark-as-delivered`, {}, admin)
    const done = await orderOf(order.id)
    expect(done.fulfillment_status).toBe("delivered")
    expect(done.fulfillments).toHaveLength(2)
  })

  it("a refund revokes the downloads and leaves the delivered fulfillment as history", async () => {
    const order = await paidDigitalOrder("refund@example.com")
    await eventually(async () => expect((await orderOf(order.id)).fulfillment_status).toBe("delivered"), 15_000)
    const [payment] = await paymentsOf(api, admin, order.id)
    await api.post(`/admin/payments/${payment.id}/refund`, {}, admin)
    await eventually(async () => expect((await grantsOf(order.id))[0].status).toBe("revoked"), 15_000)
    const o = await orderOf(order.id)
    expect(o.payment_status).toBe("refunded")
    // The files were delivered; the refund does not pretend otherwise.
    expect(o.fulfillment_status).toBe("delivered")
    expect(o.fulfillments).toHaveLength(1)
    expect(o.fulfillments[0].canceled_at).toBeNull()
  })

  it("a store whose sales channel has no stock location still records the delivery (a fulfillment with no location)", async () => {
    // Digital-only stores often have no warehouse on the channel, or none at all.
    await api.post(`/admin/stock-locations/${locationId}/sales-channels`, { remove: [store.salesChannelId] }, admin)
    try {
      const order = await paidDigitalOrder("nowarehouse@example.com")
      const delivered = await orderReading(order.id, "delivered")
      expect(delivered.fulfillments).toHaveLength(1)
      expect(delivered.fulfillments[0]).toEqual(expect.objectContaining({ provider_id: "digital_digital", location_id: "" }))
      expect((await grantsOf(order.id))[0].status).toBe("active")
    } finally {
      await api.post(`/admin/stock-locations/${locationId}/sales-channels`, { add: [store.salesChannelId] }, admin)
    }
  })
})
