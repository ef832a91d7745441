// The checkout figure: Medusa's own checkout (cart → complete → capture) with
// and without the plugin, each on its own Medusa process and its own copy of
// one seeded database.
import pg from "pg"
import { captureOrder, checkout, digitalVariants, ebookVariants, setupStore } from "./store.mjs"

/** CREATE DATABASE `to` TEMPLATE `from` (nobody may be connected to `from`). */
export async function copyDatabase(pgServer, from, to) {
  const db = new pg.Client({ connectionString: pgServer.url("postgres") })
  await db.connect()
  try {
    await db.query(`CREATE DATABASE ${db.escapeIdentifier(to)} TEMPLATE ${db.escapeIdentifier(from)}`)
  } finally {
    await db.end()
  }
}

/**
 * The same store on both hosts: a region, a sales channel, a publishable key
 * and `count` products of one variant each. With the plugin, every variant
 * carries the digital asset `assetId` (so each captured order is delivered);
 * without it, the same products are plain products.
 */
export async function seedCheckoutStore(api, A, count, assetId = null) {
  const store = await setupStore(api, A)
  if (assetId) return { store, variants: await digitalVariants(api, A, store, assetId, count) }
  return { store, variants: await ebookVariants(api, A, store, count) }
}

/**
 * Buyers check out `concurrency` at a time for `seconds`, each the whole way:
 * cart, line item, address, payment session, complete, then the merchant's
 * capture. No order starts after the deadline; those under way finish and
 * count. Resolves with the orders and the wall time until the last one.
 */
export async function orderBurst(h, { seconds, concurrency, tag }) {
  const started = process.hrtime.bigint()
  const deadline = Date.now() + seconds * 1000
  const orders = []
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) {
        const i = next++
        const order = await checkout(h.api, h.store, [h.variants[i % h.variants.length]], `${tag}-${i}@example.com`)
        await captureOrder(h.api, h.A, order.id)
        orders.push(order)
      }
    })
  )
  return { orders, seconds: Number(process.hrtime.bigint() - started) / 1e9 }
}
