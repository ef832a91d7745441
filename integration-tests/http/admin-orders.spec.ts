import crypto from "crypto"
import { eventually } from "../helpers/files"
import { httpSuite } from "../helpers/harness"
import { capture, checkout, createDigitalProduct } from "../helpers/store"

/** The merchant's side: email template settings, the orders list and its bulk actions, variant shipping. */
httpSuite({ store: true, fakeResend: true }, (app) => {
  const { api, admin, store, emailsTo } = app
  const pdf = crypto.randomBytes(300_000)

  const grantsOf = async (orderId: string) =>
    (await api.get(`/admin/orders/${orderId}/digital-delivery`, admin)).data

  it("edits, validates, previews and test-sends the email template", async () => {
    const initial = await api.get("/admin/digital-delivery/settings", admin)
    expect(initial.data.settings).toEqual(expect.objectContaining({ delivery_trigger: "captured", revoke_on_refund: true, default_max_downloads: 3 }))
    expect(Object.keys(initial.data.placeholders)).toEqual(expect.arrayContaining(["OrderID", "ClientName", "DLFILES", "LibraryURL"]))

    const typo = await api
      .post("/admin/digital-delivery/settings", { templates: { fr: { body: "Bonjour {ClientNom}, {DLFILES}" } } }, admin)
      .catch((e: any) => e.response)
    expect(typo.status).toBe(400)
    expect(typo.data.message).toMatch(/templates\.fr\.body: unknown placeholder \{ClientNom\}/)

    const saved = await api.post(
      "/admin/digital-delivery/settings",
      { templates: { en: { subject: "Files for {OrderID}", body: "Hi {ClientName}!\n\n{DLFILES}" } }, alert_email: "ops@example.com" },
      admin
    )
    expect(saved.data.settings.alert_email).toBe("ops@example.com")
    const preview = await api.post("/admin/digital-delivery/settings/preview", { locale: "en" }, admin)
    expect(preview.data.preview.subject).toBe("Files for #1001")
    expect(preview.data.preview.text).toContain("Hi Jane Doe!")
    expect(preview.data.preview.html).toContain("The Book.pdf")
    const live = await api.post(
      "/admin/digital-delivery/settings/preview",
      { locale: "en", template: { subject: "Draft {StoreName}" } },
      admin
    )
    expect(live.data.preview.subject).toMatch(/^Draft /)

    const test = await api.post("/admin/digital-delivery/settings/send-test", { to: "merchant@example.com" }, admin)
    expect(test.data.email.status).toBe("sent")
    expect(emailsTo("merchant@example.com")[0].body.subject).toBe("[TEST] Files for #1001")
    const bad = await api.post("/admin/digital-delivery/settings", { delivery_trigger: "sometimes" }, admin).catch((e: any) => e.response)
    expect(bad.status).toBe(400)
    expect(bad.data.message).toMatch(/delivery_trigger/)

    // A client written before byte metering still sends resume_window_minutes: accepted, ignored.
    const old = await api.post("/admin/digital-delivery/settings", { resume_window_minutes: 360, alert_email: "ops3@example.com" }, admin)
    expect(old.status).toBe(200)
    expect(old.data.settings.alert_email).toBe("ops3@example.com")
    expect(old.data.settings).not.toHaveProperty("resume_window_minutes")
    await api.post("/admin/digital-delivery/settings", { alert_email: "ops@example.com" }, admin)
  })

  it("lists every order with digital goods, filters, searches, and applies bulk actions", async () => {
    const product = await createDigitalProduct(api, admin, app.baseURL, store, [{ name: "List.pdf", content: pdf }])
    const unpaid = await checkout(api, store, { email: "waiting@example.com", items: [{ variant_id: product.variantId }] })
    const paid = await checkout(api, store, { email: "Paid.Buyer@example.com", items: [{ variant_id: product.variantId }] })
    await capture(api, admin, paid.id)
    await eventually(async () => {
      const { data } = await api.get("/admin/digital-delivery/orders", admin)
      expect(data.digital_orders.map((o: any) => [o.order_id, !!o.delivered_at])).toEqual([
        [paid.id, true],
        [unpaid.id, false],
      ])
    }, 15_000)
    const list = async (query: string) =>
      (await api.get(`/admin/digital-delivery/orders?${query}`, admin)).data.digital_orders.map((o: any) => o.order_id)
    expect(await list("status=awaiting_payment")).toEqual([unpaid.id])
    expect(await list("status=active")).toEqual([paid.id])
    expect(await list("q=paid.buyer")).toEqual([paid.id])
    expect(await list(`q=%23${unpaid.display_id}`)).toEqual([unpaid.id])
    const [row] = (await api.get(`/admin/digital-delivery/orders?order_id=${paid.id}`, admin)).data.digital_orders
    expect(row).toEqual(
      expect.objectContaining({ display_id: paid.display_id, payment_status: "captured", grant_count: 1, downloads_used: 0, max_downloads: 3, active_count: 1 })
    )
    expect(row.delivered_at).toBeTruthy()

    await api.post("/admin/digital-delivery/orders/batch", { order_ids: [paid.id], action: "disable" }, admin)
    expect(await list("status=disabled")).toEqual([paid.id])
    const before = (await grantsOf(paid.id)).download_grants[0].expires_at
    const extended = await api.post("/admin/digital-delivery/orders/batch", { order_ids: [paid.id], action: "extend", days: 10 }, admin)
    expect(extended.data.updated).toBe(1)
    const after = (await grantsOf(paid.id)).download_grants[0].expires_at
    expect(Math.round((new Date(after).getTime() - new Date(before).getTime()) / 86_400_000)).toBe(10)
    await api.post("/admin/digital-delivery/orders/batch", { order_ids: [paid.id], action: "revoke" }, admin)
    expect(await list("status=revoked")).toEqual([paid.id])
    const bad = await api.post("/admin/digital-delivery/orders/batch", { order_ids: [paid.id], action: "extend" }, admin).catch((e: any) => e.response)
    expect(bad.status).toBe(400)
    expect(bad.data.message).toMatch(/days/)

    // The variant widget's view: files (no storage key) and shipping state.
    const variant = await api.get(`/admin/digital-delivery/variants/${product.variantId}`, admin)
    expect(variant.data).toEqual(
      expect.objectContaining({ requires_shipping: false, shipping_profile: null, digital_assets: [expect.objectContaining({ filename: "List.pdf" })] })
    )
    expect(JSON.stringify(variant.data)).not.toMatch(/file_id/)
  })

  it("lets a cart of digital variants complete without shipping once the variant is marked so", async () => {
    const profile = await api.post("/admin/shipping-profiles", { name: "Parcels", type: "default" }, admin)
    const product = await createDigitalProduct(api, admin, app.baseURL, store, [{ name: "Ship.pdf", content: pdf }], {
      shipping_profile_id: profile.data.shipping_profile.id,
    })
    await expect(
      checkout(api, store, { email: "ship@example.com", items: [{ variant_id: product.variantId }] })
    ).rejects.toThrow()
    const marked = await api.post(`/admin/digital-delivery/variants/${product.variantId}/shipping`, { requires_shipping: false }, admin)
    expect(marked.data).toEqual(expect.objectContaining({ shipping_profile_detached: true, blocking_variant_ids: [] }))
    const order = await checkout(api, store, { email: "ship@example.com", items: [{ variant_id: product.variantId }] })
    expect(order.id).toMatch(/^order_/)
  })

  it("keeps the shipping profile of a product that also sells a physical variant", async () => {
    const profile = await api.post("/admin/shipping-profiles", { name: "Books", type: "default" }, admin)
    const { data } = await api.post(
      "/admin/products",
      {
        title: "Novel",
        status: "published",
        shipping_profile_id: profile.data.shipping_profile.id,
        options: [{ title: "Format", values: ["Paperback", "E-book"] }],
        variants: [
          { title: "Paperback", manage_inventory: false, options: { Format: "Paperback" }, prices: [{ currency_code: "usd", amount: 20 }] },
          { title: "E-book", manage_inventory: false, options: { Format: "E-book" }, prices: [{ currency_code: "usd", amount: 9 }] },
        ],
      },
      admin
    )
    const paperback = data.product.variants.find((v: any) => v.title === "Paperback")
    const ebook = data.product.variants.find((v: any) => v.title === "E-book")
    const marked = await api.post(`/admin/digital-delivery/variants/${ebook.id}/shipping`, { requires_shipping: false }, admin)
    expect(marked.data).toEqual(expect.objectContaining({ shipping_profile_detached: false, blocking_variant_ids: [paperback.id] }))
    const paperbackView = await api.get(`/admin/digital-delivery/variants/${paperback.id}`, admin)
    expect(paperbackView.data.requires_shipping).toBe(true)
    expect(paperbackView.data.shipping_profile).toEqual(expect.objectContaining({ id: profile.data.shipping_profile.id }))
  })
})
