// The benchmark's store: the shared store fixture (scripts/lib/store-fixture.js)
// under the names and shapes bench/figures/ and bench/lib/checkout.mjs use.
import { attachAsset, capture, checkout as fixtureCheckout, createStore, createVariants } from "../../scripts/lib/store-fixture.js"
export { client } from "../../scripts/lib/api-client.mjs"
export { pool } from "../../scripts/lib/store-fixture.js"

/** A region, a sales channel and its publishable key. */
export const setupStore = (api, A) => createStore(api, A, { region: "Bench", channel: "Bench", key: "Bench" })

/** `count` published one-variant products (a 5 USD "PDF" each), without any file. */
export const ebookVariants = (api, A, store, count) => createVariants(api, A, store, count, { title: "Bench ebook", value: "PDF", price: 5 })

/** `count` digital variants (one product each) sharing one asset. */
export async function digitalVariants(api, A, store, assetId, count) {
  const ids = await ebookVariants(api, A, store, count)
  await attachAsset(api, A, assetId, ids)
  return ids
}

export const checkout = (api, store, variantIds, email) => fixtureCheckout(api, store, { email, items: variantIds })
export const captureOrder = capture
