// A minimal store for the delivery figures, set up through the Admin and Store APIs.
export { client } from "../lib/api-client.mjs"

export async function setupStore(api, A) {
  const { region } = await api.post("/admin/regions", { name: "Bench", currency_code: "usd", countries: ["us"], payment_providers: ["pp_system_default"] }, A)
  const { sales_channel: channel } = await api.post("/admin/sales-channels", { name: "Bench" }, A)
  const { api_key: key } = await api.post("/admin/api-keys", { title: "Bench", type: "publishable" }, A)
  await api.post(`/admin/api-keys/${key.id}/sales-channels`, { add: [channel.id] }, A)
  return { region, channel, S: { "x-publishable-api-key": key.token } }
}

/** `count` digital variants (one product each) sharing one asset. */
export async function digitalVariants(api, A, store, assetId, count) {
  const ids = await ebookVariants(api, A, store, count)
  for (let i = 0; i < ids.length; i += 100) {
    await api.post(`/admin/digital-assets/${assetId}/variants`, { add: ids.slice(i, i + 100) }, A)
  }
  return ids
}

/** `count` published one-variant products (a 5 USD "PDF" each), without any file. */
export async function ebookVariants(api, A, store, count) {
  const ids = []
  for (let i = 0; i < count; i++) {
    const { product } = await api.post(
      "/admin/products",
      {
        title: `Bench ebook ${i}`,
        status: "published",
        sales_channels: [{ id: store.channel.id }],
        options: [{ title: "Format", values: ["PDF"] }],
        variants: [{ title: "PDF", manage_inventory: false, options: { Format: "PDF" }, prices: [{ currency_code: "usd", amount: 5 }] }],
      },
      A
    )
    ids.push(product.variants[0].id)
  }
  return ids
}

export async function checkout(api, store, variantIds, email) {
  const S = store.S
  const { cart } = await api.post("/store/carts", { region_id: store.region.id, sales_channel_id: store.channel.id, email }, S)
  for (const v of variantIds) await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: v, quantity: 1 }, S)
  await api.post(`/store/carts/${cart.id}`, { billing_address: { first_name: "B", last_name: "Ench", address_1: "1 St", city: "X", country_code: "us", postal_code: "1" } }, S)
  const { payment_collection } = await api.post("/store/payment-collections", { cart_id: cart.id }, S)
  await api.post(`/store/payment-collections/${payment_collection.id}/payment-sessions`, { provider_id: "pp_system_default" }, S)
  const done = await api.post(`/store/carts/${cart.id}/complete`, {}, S)
  if (done.type !== "order") throw new Error("checkout failed")
  return done.order
}

export async function captureOrder(api, A, orderId) {
  const { order } = await api.get(`/admin/orders/${orderId}?fields=payment_collections.payments.id`, A)
  for (const pc of order.payment_collections) for (const p of pc.payments) await api.post(`/admin/payments/${p.id}/capture`, {}, A)
}

/** Runs `fn` over items with at most `n` at once. */
export async function pool(items, n, fn) {
  const results = []
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++
        results[i] = await fn(items[i], i)
      }
    })
  )
  return results
}
