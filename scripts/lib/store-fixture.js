// The one store fixture: a region, a sales channel and its publishable key,
// products with digital variants, customers and paid orders, set up through the
// Admin and Store APIs as a merchant and a storefront do. Used by the HTTP
// specs (integration-tests/helpers/store.ts, over the runner's axios client),
// the cluster suite, the benchmark (bench/lib/store.mjs) and the demo seed
// (scripts/demo/seed.mjs), over scripts/lib/api-client.mjs.
//
// CommonJS, like integration-tests/helpers/fake-resend.js, so that Jest's
// TypeScript specs and the plain Node scripts load this same file; its types
// are in store-fixture.d.ts. `api` is any client with
// `get(url, headers)` / `post(url, body, headers)` resolving with the JSON body
// and throwing on an error status; `A` is the admin's headers.

/** The billing address of every checkout unless one is given. */
const ADDRESS = {
  first_name: "Ada",
  last_name: "Lovelace",
  address_1: "1 Main Street",
  city: "Springfield",
  country_code: "us",
  postal_code: "12345",
}

/**
 * The `fields` of GET /admin/orders/:id that Medusa needs to compute an order's
 * `fulfillment_status` right: the items' quantities and fulfilled quantities
 * (with their detail) and the fulfillments. With fewer, a mixed order whose
 * poster is not shipped reads "delivered" instead of "partially_delivered".
 */
const FULFILLMENT_STATUS_FIELDS = [
  "id",
  "fulfillment_status",
  "items.id",
  "items.requires_shipping",
  "items.quantity",
  "items.raw_quantity",
  "items.detail.quantity",
  "items.detail.fulfilled_quantity",
  "items.detail.raw_fulfilled_quantity",
  "*fulfillments",
  "*fulfillments.items",
].join(",")

/** Logs a user in (Medusa's emailpass flow); resolves with the admin's headers. */
async function adminHeaders(api, email, password) {
  const { token } = await api.post("/auth/user/emailpass", { email, password })
  return { authorization: `Bearer ${token}` }
}

/** A region paying with Medusa's system provider, a sales channel and its publishable key. */
async function createStore(api, A, input = {}) {
  const { region: regionName = "Test region", currency = "usd", countries = ["us"], channel: channelName = "Web shop", key: keyTitle = "Storefront" } = input
  const { region } = await api.post("/admin/regions", { name: regionName, currency_code: currency, countries, payment_providers: ["pp_system_default"] }, A)
  const { sales_channel: channel } = await api.post("/admin/sales-channels", { name: channelName }, A)
  const { api_key: key } = await api.post("/admin/api-keys", { title: keyTitle, type: "publishable" }, A)
  await api.post(`/admin/api-keys/${key.id}/sales-channels`, { add: [channel.id] }, A)
  return { region, channel, publishableKey: key.token, S: { "x-publishable-api-key": key.token } }
}

/**
 * A published product in the store's sales channel with one variant (no
 * inventory); any other field of the Admin API's body passes through.
 */
async function createProduct(api, A, store, input) {
  const { title, option = "Format", value = "Download", variantTitle = value, price = 20, currency = store.region.currency_code, sku, ...rest } = input
  const variant = { title: variantTitle, ...(sku ? { sku } : {}), manage_inventory: false, options: { [option]: value }, prices: [{ currency_code: currency, amount: price }] }
  const { product } = await api.post(
    "/admin/products",
    { title, status: "published", options: [{ title: option, values: [value] }], sales_channels: [{ id: store.channel.id }], variants: [variant], ...rest },
    A
  )
  return product
}

/** `count` one-variant products titled `${input.title} ${i}`; resolves with their variant ids. */
async function createVariants(api, A, store, count, input) {
  const ids = []
  for (let i = 0; i < count; i++) ids.push((await createProduct(api, A, store, { ...input, title: `${input.title} ${i}` })).variants[0].id)
  return ids
}

/** Uploads a file as a digital asset (multipart, as the Admin does). */
async function uploadAsset(api, A, blob, filename, fields = {}) {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  form.append("file", blob, filename)
  return (await api.post("/admin/digital-assets", form, A)).digital_asset
}

/** Puts an asset on variants (a hundred at a time). */
async function attachAsset(api, A, assetId, variantIds) {
  for (let i = 0; i < variantIds.length; i += 100) {
    await api.post(`/admin/digital-assets/${assetId}/variants`, { add: variantIds.slice(i, i + 100) }, A)
  }
}

/** Registers a customer account (Medusa's emailpass flow); resolves with a logged-in token. */
async function registerCustomer(api, store, email, password, names = { first_name: "Grace", last_name: "Hopper" }) {
  const registered = await api.post("/auth/customer/emailpass/register", { email, password })
  await api.post("/store/customers", { email, ...names }, { ...store.S, authorization: `Bearer ${registered.token}` })
  return (await api.post("/auth/customer/emailpass", { email, password })).token
}

/**
 * A checkout through the Store API, as a storefront does it: cart, line items
 * (variant ids or `{ variant_id, quantity }`), address, the first shipping
 * option when `shipping`, a payment session with the system provider, complete.
 */
async function checkout(api, store, input) {
  const { email, items, customerToken, locale, billing, address = ADDRESS, shippingAddress, shipping = false } = input
  const S = { ...store.S, ...(customerToken ? { authorization: `Bearer ${customerToken}` } : {}) }
  const { cart } = await api.post("/store/carts", { region_id: store.region.id, sales_channel_id: store.channel.id, email, ...(locale ? { locale } : {}) }, S)
  for (const item of items) {
    const line = typeof item === "string" ? { variant_id: item } : item
    await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: line.variant_id, quantity: line.quantity ?? 1 }, S)
  }
  await api.post(`/store/carts/${cart.id}`, { billing_address: { ...address, ...billing }, ...(shippingAddress ? { shipping_address: shippingAddress } : {}) }, S)
  if (shipping) {
    const { shipping_options } = await api.get(`/store/shipping-options?cart_id=${cart.id}`, S)
    await api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: shipping_options[0].id }, S)
  }
  const { payment_collection } = await api.post("/store/payment-collections", { cart_id: cart.id }, S)
  await api.post(`/store/payment-collections/${payment_collection.id}/payment-sessions`, { provider_id: "pp_system_default" }, S)
  const done = await api.post(`/store/carts/${cart.id}/complete`, {}, S)
  if (done.type !== "order") throw new Error(`checkout did not complete: ${JSON.stringify(done.error ?? done)}`)
  return done.order
}

/** The order's payments, as the admin sees them. */
async function paymentsOf(api, A, orderId) {
  const { order } = await api.get(`/admin/orders/${orderId}?fields=payment_collections.payments.id,payment_collections.payments.amount`, A)
  return order.payment_collections.flatMap((pc) => pc.payments)
}

/** The merchant captures the order's payments (emits payment.captured). */
async function capture(api, A, orderId) {
  for (const payment of await paymentsOf(api, A, orderId)) await api.post(`/admin/payments/${payment.id}/capture`, {}, A)
}

/** Runs `fn` over items with at most `n` at once (orders placed in parallel). */
async function pool(items, n, fn) {
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

module.exports = { ADDRESS, FULFILLMENT_STATUS_FIELDS, adminHeaders, createStore, createProduct, createVariants, uploadAsset, attachAsset, registerCustomer, checkout, paymentsOf, capture, pool }
