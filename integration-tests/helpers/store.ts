import * as fixture from "../../scripts/lib/store-fixture"
import type { Address, FixtureApi, FixtureStore } from "../../scripts/lib/store-fixture"

// The store fixture (scripts/lib/store-fixture.js, shared with the cluster
// suite, the benchmark and the demo) for the HTTP specs: over the runner's
// axios client, with the admin's `{ headers }` the specs already hold.

type Api = {
  get: (url: string, config?: any) => Promise<{ data: any }>
  post: (url: string, body?: unknown, config?: any) => Promise<{ data: any }>
}
type Headers = { headers: Record<string, string> }

export type Store = { regionId: string; salesChannelId: string; publishableKey: string; storeHeaders: Headers }

/** The runner's axios client as the fixture's client (resolves with the body, throws on an error status). */
export function fixtureApi(api: Api): FixtureApi {
  return {
    get: async (url, headers) => (await api.get(url, { headers })).data,
    post: async (url, body, headers) => (await api.post(url, body, { headers })).data,
  }
}

const asFixture = (store: Store): FixtureStore => ({
  region: { id: store.regionId, currency_code: "usd" },
  channel: { id: store.salesChannelId },
  publishableKey: store.publishableKey,
  S: store.storeHeaders.headers,
})

/** A region paying with Medusa's system provider, a sales channel and its publishable key. */
export async function setupStore(api: Api, admin: Headers): Promise<Store> {
  const store = await fixture.createStore(fixtureApi(api), admin.headers)
  return { regionId: store.region.id, salesChannelId: store.channel.id, publishableKey: store.publishableKey, storeHeaders: { headers: store.S } }
}

/**
 * A published product whose single variant carries the given files (no
 * shipping profile, no inventory: nothing to ship). Returns the variant and assets.
 * `baseURL` is no longer needed (the upload goes through `api`); kept so callers need not change.
 */
export async function createDigitalProduct(
  api: Api,
  admin: Headers,
  _baseURL: string,
  store: Store,
  files: { name: string; content: Buffer | string }[],
  extra: Record<string, unknown> = {}
) {
  const http = fixtureApi(api)
  const product = await fixture.createProduct(http, admin.headers, asFixture(store), { title: `Digital ${Math.random().toString(36).slice(2, 7)}`, ...extra })
  const variantId = product.variants[0].id
  const assets: any[] = []
  for (const file of files) {
    const asset = await fixture.uploadAsset(http, admin.headers, new Blob([typeof file.content === "string" ? file.content : Uint8Array.from(file.content)]), file.name)
    assets.push(asset)
    await fixture.attachAsset(http, admin.headers, asset.id, [variantId])
  }
  return { productId: product.id, variantId, assets }
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
    billing?: Partial<Address>
    /** A shipping address and the cart's first shipping option (a mixed cart). */
    shippingAddress?: Address
    shipping?: boolean
  }
) {
  return fixture.checkout(fixtureApi(api), asFixture(store), input)
}

/** The order's payments, as the admin sees them. */
export async function paymentsOf(api: Api, admin: Headers, orderId: string): Promise<{ id: string; amount: number }[]> {
  return fixture.paymentsOf(fixtureApi(api), admin.headers, orderId)
}

/** The merchant captures the order's payment (emits payment.captured). */
export async function capture(api: Api, admin: Headers, orderId: string) {
  await fixture.capture(fixtureApi(api), admin.headers, orderId)
}

/** Registers a customer account (Medusa's emailpass flow) and returns a logged-in token. */
export async function registerCustomer(api: Api, store: Store, email: string, password: string) {
  return fixture.registerCustomer(fixtureApi(api), asFixture(store), email, password)
}
