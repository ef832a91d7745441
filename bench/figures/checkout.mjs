// --only checkout: Medusa's own checkout burst (cart → complete → capture) on
// two fresh Medusa processes, with and without the plugin (BENCH_WITHOUT_PLUGIN=1
// in bench/host), each on a copy of one migrated database.
import path from "node:path"
import { freePort } from "../../scripts/embedded-postgres.mjs"
import { copyDatabase, orderBurst, seedCheckoutStore } from "../lib/checkout.mjs"
import { median } from "../lib/measure.mjs"
import { startMedusa, uploadAsset } from "../lib/medusa.mjs"

export async function run({ quick, log, figures, files, pgServer, env, work, host, medusaCli }) {
  const CHECKOUT_SECONDS = quick ? 5 : 20
  const CHECKOUT_WARMUP_SECONDS = quick ? 2 : 8
  const CHECKOUT_PRODUCTS = quick ? 4 : 10
  const CHECKOUT_PAIRS = quick ? 1 : 3
  log(`checkout: ${CHECKOUT_PAIRS} alternating pairs of ${CHECKOUT_SECONDS} s bursts of orders, with and without the plugin…`)
  // Two fresh Medusa processes, each on its own copy of the migrated seed
  // database (the copy without the plugin keeps the plugin's tables: unused).
  const { BENCH_WITHOUT_PLUGIN: _unused, ...hostEnv } = env
  const startHost = async (name, extraEnv) => {
    const dbName = `medusa_bench_checkout_${name}`
    await copyDatabase(pgServer, "medusa_bench_seed", dbName)
    const hostPort = await freePort(0)
    const envOf = { ...hostEnv, ...extraEnv, DATABASE_URL: pgServer.url(dbName), PORT: String(hostPort), BENCH_DATA_DIR: path.join(work, `checkout-${name}`) }
    return { name, ...(await startMedusa(medusaCli, { cwd: host, env: envOf, label: `the checkout Medusa (${name})` })) }
  }
  const [withPlugin, withoutPlugin] = await Promise.all([startHost("with", {}), startHost("without", { BENCH_WITHOUT_PLUGIN: "1" })])
  try {
    // The same store on both; with the plugin each variant carries a 4 KiB file.
    const ebook = await uploadAsset(withPlugin, files.small)
    Object.assign(withPlugin, await seedCheckoutStore(withPlugin.api, withPlugin.A, CHECKOUT_PRODUCTS, ebook.id))
    Object.assign(withoutPlugin, await seedCheckoutStore(withoutPlugin.api, withoutPlugin.A, CHECKOUT_PRODUCTS))
    /** The plugin's delivery of these orders (1 grant + 1 email each) done: seconds waited. */
    const delivered = async (orderIds) => {
      const started = process.hrtime.bigint()
      for (let i = 0; ; i++) {
        const { rows } = await withPlugin.db.query(
          `SELECT (SELECT count(*)::int FROM download_grant WHERE order_id = ANY($1)) AS grants,
                  (SELECT count(*)::int FROM notification WHERE resource_id = ANY($1) AND template = 'digital-delivery.delivery') AS emails`,
          [orderIds]
        )
        if (rows[0].grants >= orderIds.length && rows[0].emails >= orderIds.length) return Number(process.hrtime.bigint() - started) / 1e9
        if (i > 6000) throw new Error(`checkout: ${orderIds.length} orders captured, ${rows[0].grants} grants and ${rows[0].emails} emails after 60 s`)
        await new Promise((r) => setTimeout(r, 10))
      }
    }
    const run = async (h, tag, seconds) => {
      const burst = await orderBurst(h, { seconds, concurrency: 4, tag })
      const lag = h === withPlugin ? await delivered(burst.orders.map((o) => o.id)) : null
      const r = { orders: burst.orders.length, orders_per_second: burst.orders.length / burst.seconds, seconds: burst.seconds, delivered_s_after_burst: lag }
      log(`  ${h.name} the plugin: ${r.orders} orders in ${r.seconds.toFixed(1)} s (${r.orders_per_second.toFixed(2)}/s)${lag === null ? "" : `, delivered ${lag.toFixed(2)} s later`}`)
      return r
    }
    // Warm-up: the first orders of a process pay for its cold caches and JIT.
    await run(withPlugin, "warm-with", CHECKOUT_WARMUP_SECONDS)
    await run(withoutPlugin, "warm-without", CHECKOUT_WARMUP_SECONDS)
    const checkoutPairs = []
    for (let i = 0; i < CHECKOUT_PAIRS; i++) {
      const withFirst = i % 2 === 0
      const first = await run(withFirst ? withPlugin : withoutPlugin, `pair${i}-a`, CHECKOUT_SECONDS)
      const second = await run(withFirst ? withoutPlugin : withPlugin, `pair${i}-b`, CHECKOUT_SECONDS)
      const [w, wo] = withFirst ? [first, second] : [second, first]
      checkoutPairs.push({ order: withFirst ? "with, without" : "without, with", with_plugin: w, without_plugin: wo, ratio: w.orders_per_second / wo.orders_per_second })
    }
    figures.checkout = {
      what: `Medusa's own checkout with and without the plugin: buyers check out 4 at a time (here one order takes seconds: 8 at a time made every run a whole number of 8-order waves) for ${CHECKOUT_SECONDS} s (the orders under way at the deadline finish and count), each the whole way (cart, line item, address, payment session, complete, then the admin's capture); two fresh Medusa processes on copies of one migrated database, seeded the same way (${CHECKOUT_PRODUCTS} variants of one product; with the plugin each variant carries a 4 KiB file, so each captured order is delivered in the background: 1 grant, 1 email queued, waited for before the next burst); after a ${CHECKOUT_WARMUP_SECONDS} s warm-up each, ${CHECKOUT_PAIRS} pairs alternating with/without then without/with; ratio = median of the pairs' ratios`,
      with_plugin_orders_per_second: median(checkoutPairs.map((p) => p.with_plugin.orders_per_second)),
      without_plugin_orders_per_second: median(checkoutPairs.map((p) => p.without_plugin.orders_per_second)),
      ratio: median(checkoutPairs.map((p) => p.ratio)),
      delivered_s_after_burst: median(checkoutPairs.map((p) => p.with_plugin.delivered_s_after_burst)),
      pairs: checkoutPairs,
      target: "≥ 0.9",
    }
  } finally {
    for (const h of [withPlugin, withoutPlugin]) {
      await h.db.end().catch(() => {})
      h.proc.kill("SIGTERM")
    }
  }
}
