// The benchmark's store: the shared store fixture (scripts/lib/store-fixture.js)
// under the names and shapes bench/figures/ and bench/lib/checkout.mjs use.
import { attachAsset, capture, checkout as fixtureCheckout, createStore } from "../../scripts/lib/store-fixture.js"
export { client } from "../../scripts/lib/api-client.mjs"
export { pool } from "../../scripts/lib/store-fixture.js"

/** A region, a sales channel and its publishable key. */
export const setupStore = (api, A) => createStore(api, A, { region: "Bench", channel: "Bench", key: "Bench" })

/**
 * `count` variants (5 USD each, without any file) of one published product,
 * made in one Admin call: a 50-line order costs one product creation, not 50
 * (`--quick` spent 25 s creating products one by one).
 */
export async function ebookVariants(api, A, store, count) {
  const values = Array.from({ length: count }, (_, i) => `Edition ${i + 1}`)
  const { product } = await api.post(
    "/admin/products",
    {
      title: `Bench ebook ${Date.now()}`,
      status: "published",
      options: [{ title: "Edition", values }],
      sales_channels: [{ id: store.channel.id }],
      variants: values.map((value) => ({
        title: value,
        manage_inventory: false,
        options: { Edition: value },
        prices: [{ currency_code: store.region.currency_code, amount: 5 }],
      })),
    },
    A
  )
  return product.variants.map((v) => v.id)
}

/** `count` digital variants (of one product) sharing one asset. */
export async function digitalVariants(api, A, store, assetId, count) {
  const ids = await ebookVariants(api, A, store, count)
  await attachAsset(api, A, assetId, ids)
  return ids
}

export const checkout = (api, store, variantIds, email) => fixtureCheckout(api, store, { email, items: variantIds })
export const captureOrder = capture
