/* eslint-disable @typescript-eslint/no-explicit-any -- the Admin and Store APIs' JSON bodies, as the specs read them */
/** Types of store-fixture.js (the one store fixture of the tests, the cluster suite, the benchmark and the demo). */

type Headers = Record<string, string>

/** Any client resolving with the JSON body and throwing on an error status (scripts/lib/api-client.mjs, or the runner's axios adapted). */
export type FixtureApi = {
  get: (url: string, headers?: Headers) => Promise<any>
  post: (url: string, body?: unknown, headers?: Headers) => Promise<any>
}

export type FixtureStore = { region: { id: string; currency_code: string }; channel: { id: string }; publishableKey: string; S: Headers }

export type Address = { first_name: string; last_name: string; address_1: string; city: string; country_code: string; postal_code: string; phone?: string }

export declare const ADDRESS: Address

/** The `fields` of GET /admin/orders/:id that Medusa needs to compute `fulfillment_status` (items' quantities, fulfillments). */
export declare const FULFILLMENT_STATUS_FIELDS: string

export declare function adminHeaders(api: FixtureApi, email: string, password: string): Promise<Headers>

export declare function createStore(
  api: FixtureApi,
  A: Headers,
  input?: { region?: string; currency?: string; countries?: string[]; channel?: string; key?: string }
): Promise<FixtureStore>

export type ProductInput = {
  title: string
  option?: string
  value?: string
  variantTitle?: string
  price?: number
  currency?: string
  sku?: string
  [field: string]: unknown
}

export declare function createProduct(api: FixtureApi, A: Headers, store: FixtureStore, input: ProductInput): Promise<any>

export declare function createVariants(api: FixtureApi, A: Headers, store: FixtureStore, count: number, input: ProductInput): Promise<string[]>

export declare function uploadAsset(api: FixtureApi, A: Headers, blob: Blob, filename: string, fields?: Record<string, string>): Promise<any>

export declare function attachAsset(api: FixtureApi, A: Headers, assetId: string, variantIds: string[]): Promise<void>

export declare function registerCustomer(
  api: FixtureApi,
  store: FixtureStore,
  email: string,
  password: string,
  names?: { first_name: string; last_name: string }
): Promise<string>

export type CheckoutInput = {
  email: string
  items: (string | { variant_id: string; quantity?: number })[]
  customerToken?: string
  locale?: string
  /** Replaces fields of the billing address (e.g. a hostile first name). */
  billing?: Partial<Address>
  /** The billing address (ADDRESS unless given). */
  address?: Address
  shippingAddress?: Address
  /** Adds the cart's first shipping option. */
  shipping?: boolean
}

export declare function checkout(api: FixtureApi, store: FixtureStore, input: CheckoutInput): Promise<any>

export declare function paymentsOf(api: FixtureApi, A: Headers, orderId: string): Promise<{ id: string; amount: number }[]>

export declare function capture(api: FixtureApi, A: Headers, orderId: string): Promise<void>

export declare function pool<T, R>(items: T[], n: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]>
