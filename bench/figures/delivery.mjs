// --only delivery: the plugin's own work for orders already placed: a 50-line
// order captured, then a burst of one-line orders captured at once.
import { median } from "../lib/measure.mjs"
import { captureOrder, checkout, digitalVariants, pool, setupStore } from "../lib/store.mjs"

export async function run({ quick, RUNS, log, figures, assets, main: { db, api, A } }) {
  // Orders of the burst: each is placed through Medusa's checkout first (about 0.85 s each on
  // 2 cores: 500 took 7 of the 25 minutes of a full run on 2026-11-30), then all captured at once.
  const BURST = quick ? 16 : 200
  log("delivery: a 50-line order, then a burst of orders…")
  const store = await setupStore(api, A)
  const ebook = assets.small
  const variants = await digitalVariants(api, A, store, ebook.id, 50)
  const waitDelivered = async (orderIds, expectedGrants) => {
    for (;;) {
      const { rows } = await db.query(
        `SELECT count(DISTINCT g.order_id)::int AS orders, count(g.id)::int AS grants,
                (SELECT count(*)::int FROM notification n WHERE n.resource_id = ANY($1) AND n.template = 'digital-delivery.delivery') AS emails
           FROM download_grant g WHERE g.order_id = ANY($1)`,
        [orderIds]
      )
      if (rows[0].grants >= expectedGrants && rows[0].emails >= orderIds.length) return rows[0]
      await new Promise((r) => setTimeout(r, 10))
    }
  }
  const fiftyTimes = []
  for (let i = 0; i < RUNS; i++) {
    const order = await checkout(api, store, variants, `fifty${i}@example.com`)
    const started = process.hrtime.bigint()
    await captureOrder(api, A, order.id)
    await waitDelivered([order.id], 50)
    fiftyTimes.push(Number(process.hrtime.bigint() - started) / 1e9)
  }
  log(`  ${BURST} orders for the burst…`)
  const burstOrders = await pool(Array.from({ length: BURST }, (_, i) => i), 8, (i) =>
    checkout(api, store, [variants[i % variants.length]], `burst${i}@example.com`)
  )
  const burstStart = process.hrtime.bigint()
  await pool(burstOrders, 16, (o) => captureOrder(api, A, o.id))
  const burstDelivered = await waitDelivered(burstOrders.map((o) => o.id), BURST)
  const burstSeconds = Number(process.hrtime.bigint() - burstStart) / 1e9
  figures.delivery = {
    what: `the plugin's own work for orders already placed (Medusa's checkout is the checkout figure): an order with 50 digital lines captured, time from the capture request until its 50 grants exist and its email is queued (median of ${RUNS}); then ${BURST} one-line orders captured in a burst (16 captures at a time): grants issued and emails queued per second, from the first capture request until the last email is queued`,
    fifty_line_order_seconds: median(fiftyTimes),
    fifty_line_grants_per_second: 50 / median(fiftyTimes),
    burst_orders: BURST,
    burst_seconds: burstSeconds,
    burst_orders_per_second: BURST / burstSeconds,
    burst_grants: burstDelivered.grants,
    burst_emails: burstDelivered.emails,
    burst_grants_per_second: burstDelivered.grants / burstSeconds,
    burst_emails_per_second: burstDelivered.emails / burstSeconds,
    target: "< 2 s for the 50-line order",
  }
}
