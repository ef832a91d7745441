import fs from "fs"
import os from "os"
import path from "path"
import { uploadFile } from "./files"

type Api = {
  get: (url: string, config?: any) => Promise<{ data: any }>
  post: (url: string, body?: unknown, config?: any) => Promise<{ data: any }>
}
type Headers = { headers: Record<string, string> }

export type Store = { regionId: string; salesChannelId: string; publishableKey: string; storeHeaders: Headers }

/** A region paying with Medusa's system provider, a sales channel and its publishable key. */
export async function setupStore(api: Api, admin: Headers): Promise<Store> {
  const region = await api.post(
    "/admin/regions",
    { name: "Test region", currency_code: "usd", countries: ["us"], payment_providers: ["pp_system_default"] },
    admin
  )
  const channel = await api.post("/admin/sales-channels", { name: "Web shop" }, admin)
  const key = await api.post("/admin/api-keys", { title: "Storefront", type: "publishable" }, admin)
  await api.post(`/admin/api-keys/${key.data.api_key.id}/sales-channels`, { add: [channel.data.sales_channel.id] }, admin)
  const publishableKey = key.data.api_key.token
  return {
    regionId: region.data.region.id,
    salesChannelId: channel.data.sales_channel.id,
    publishableKey,
    storeHeaders: { headers: { "x-publishable-api-key": publishableKey } },
  }
}

/**
 * A published product whose single variant carries the given files (no
 * shipping profile, no inventory: nothing to ship). Returns the variant and assets.
 */
export async function createDigitalProduct(
  api: Api,
  admin: Headers,
  baseURL: string,
  store: Store,
  files: { name: string; content: Buffer | string }[],
  extra: Record<string, unknown> = {}
) {
  const product = await api.post(
    "/admin/products",
    {
      title: `Digital ${Math.random().toString(36).slice(2, 7)}`,
      status: "published",
      options: [{ title: "Format", values: ["Download"] }],
      sales_channels: [{ id: store.salesChannelId }],
      variants: [
        { title: "Download", manage_inventory: false, options: { Format: "Download" }, prices: [{ currency_code: "usd", amount: 20 }] },
      ],
      ...extra,
    },
    admin
  )
  const variantId = product.data.product.variants[0].id
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dd-asset-"))
  const assets: any[] = []
  try {
    for (const file of files) {
      const p = path.join(dir, file.name)
      fs.writeFileSync(p, file.content)
      const res = await uploadFile(baseURL, "/admin/digital-assets", admin.headers, p)
      if (res.status !== 201) throw new Error(`upload failed: ${JSON.stringify(res.body)}`)
      assets.push(res.body.digital_asset)
      await api.post(`/admin/digital-assets/${res.body.digital_asset.id}/variants`, { add: [variantId] }, admin)
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
  return { productId: product.data.product.id, variantId, assets }
}

const ADDRESS = {
  first_name: "Ada",
  last_name: "Lovelace",
  address_1: "1 Main Street",
  city: "Springfield",
  country_code: "us",
  postal_code: "12345",
}

/**
 * A checkout through the Store API, as a storefront does it: cart, line items,
 * address, a payment session with the system provider, no shipping method.
 */
export async function checkout(
  api: Api,
  store: Store,
  input: {
    email: string
    items: { variant_id: string; quantity?: number }[]
    customerToken?: string
    locale?: string
    /** Replaces fields of the default billing address (e.g. a hostile first name). */
    billing?: Partial<typeof ADDRESS>
  }
) {
  const headers: Headers = {
    headers: {
      ...store.storeHeaders.headers,
      ...(input.customerToken ? { authorization: `Bearer ${input.customerToken}` } : {}),
    },
  }
  const cart = await api.post(
    "/store/carts",
    { region_id: store.regionId, sales_channel_id: store.salesChannelId, email: input.email, ...(input.locale ? { locale: input.locale } : {}) },
    headers
  )
  const cartId = cart.data.cart.id
  for (const item of input.items) {
    await api.post(`/store/carts/${cartId}/line-items`, { variant_id: item.variant_id, quantity: item.quantity ?? 1 }, headers)
  }
  await api.post(`/store/carts/${cartId}`, { billing_address: { ...ADDRESS, ...input.billing } }, headers)
  const collection = await api.post("/store/payment-collections", { cart_id: cartId }, headers)
  await api.post(
    `/store/payment-collections/${collection.data.payment_collection.id}/payment-sessions`,
    { provider_id: "pp_system_default" },
    headers
  )
  const completed = await api.post(`/store/carts/${cartId}/complete`, {}, headers)
  if (completed.data.type !== "order") {
    throw new Error(`checkout did not complete: ${JSON.stringify(completed.data.error ?? completed.data)}`)
  }
  return completed.data.order
}

/** The order's payments, as the admin sees them. */
export async function paymentsOf(api: Api, admin: Headers, orderId: string): Promise<{ id: string; amount: number }[]> {
  const { data } = await api.get(`/admin/orders/${orderId}?fields=payment_collections.payments.id,payment_collections.payments.amount`, admin)
  return data.order.payment_collections.flatMap((pc: any) => pc.payments)
}

/** The merchant captures the order's payment (emits payment.captured). */
export async function capture(api: Api, admin: Headers, orderId: string) {
  for (const payment of await paymentsOf(api, admin, orderId)) {
    await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
  }
}

/** Registers a customer account (Medusa's emailpass flow) and returns a logged-in token. */
export async function registerCustomer(api: Api, store: Store, email: string, password: string) {
  const registered = await api.post("/auth/customer/emailpass/register", { email, password })
  await api.post(
    "/store/customers",
    { email, first_name: "Grace", last_name: "Hopper" },
    { headers: { ...store.storeHeaders.headers, authorization: `Bearer ${registered.data.token}` } }
  )
  const login = await api.post("/auth/customer/emailpass", { email, password })
  return login.data.token as string
}
