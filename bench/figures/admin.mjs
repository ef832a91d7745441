// --only admin: the admin lists and searches on synthetic stores of 10k–1M
// grants (--scale), p50/p95 of sequential requests.
import fs from "node:fs"
import path from "node:path"
import { median, percentile } from "../lib/measure.mjs"

// Synthetic rows, as the plugin writes them, with every index in place (as a
// store that grew to this size has them), then VACUUM ANALYZE (what autovacuum
// leaves after a bulk load). Row n's values are a function of n, so a larger
// scale only adds the rows it lacks; newer rows have smaller n. Orders: 1 in 50
// awaiting payment. Grants: two per order, 1 in 17 disabled, 1 in 23 revoked,
// 1 in 6 expired, limit 5 (2 in 7 at or over it), 1 in 1009 shared from 5+ addresses.
async function topUp(db, inserted, grants, events, assetId) {
  await db.query(
    `INSERT INTO digital_order (id, order_id, display_id, email, payment_status, placed_at, delivered_at)
     SELECT 'dord_b' || n, 'order_b' || n, 100000 + n, 'buyer' || n || '@example.com',
            CASE WHEN n % 50 = 0 THEN 'authorized' ELSE 'captured' END,
            now() - n * interval '1 minute', CASE WHEN n % 50 <> 0 THEN now() - n * interval '1 minute' END
       FROM generate_series($1::int + 1, $2::int) AS n`,
    [inserted.grants / 2, grants / 2]
  )
  await db.query(
    `INSERT INTO download_grant (id, order_id, line_item_id, asset_id, email, enabled, revoked_at, expires_at, max_downloads,
                                 downloads_used, raw_downloads_used, bytes_sent, raw_bytes_sent, token_version, delivered_at,
                                 ip_changes, created_at)
     SELECT 'dgrant_b' || n, 'order_b' || (n / 2 + 1), 'li_b' || n, $3, 'buyer' || (n / 2 + 1) || '@example.com',
            n % 17 <> 0, CASE WHEN n % 23 = 0 THEN now() END,
            now() + ((n % 60) - 10) * interval '1 day', 5,
            n % 7, jsonb_build_object('value', (n % 7)::text, 'precision', 20),
            (n % 7) * 4096, jsonb_build_object('value', ((n % 7) * 4096)::text, 'precision', 20),
            1, now(), CASE WHEN n % 1009 = 0 THEN 5 ELSE 0 END, now() - n * interval '1 second'
       FROM generate_series($1::int, $2::int - 1) AS n`,
    [inserted.grants, grants, assetId]
  )
  await db.query(
    `INSERT INTO download_event (id, grant_id, outcome, counted, bytes_sent, raw_bytes_sent, ip, user_agent, status, created_at)
     SELECT 'dlevt_b' || n, 'dgrant_b' || (n % $3::int), CASE WHEN n % 9 = 0 THEN 'limit_reached' ELSE 'served' END,
            n % 9 <> 0, 4096, '{"value":"4096","precision":20}'::jsonb, '10.0.' || (n % 250) || '.1', 'bench', 200,
            now() - n * interval '1 second'
       FROM generate_series($1::int + 1, $2::int) AS n`,
    [inserted.events, events, grants]
  )
  Object.assign(inserted, { grants, events })
  await db.query("VACUUM ANALYZE download_grant, download_event, digital_order")
}

/** An admin list's next page: by its cursor when the response has one, else by offset. */
async function nextPage({ base, A }, url) {
  const body = await (await fetch(base + url, { headers: A })).json()
  return body.next_cursor ? `${url}&cursor=${encodeURIComponent(body.next_cursor)}` : `${url}&offset=${body.limit}`
}

/** The lists and searches measured, by name: their URLs (the next pages by the first pages' cursors). */
async function adminQueries(main) {
  return {
    "grants: newest page": "/admin/download-grants?limit=20",
    "grants: next page": await nextPage(main, "/admin/download-grants?limit=20"),
    ...Object.fromEntries(
      ["active", "disabled", "expired", "exhausted", "revoked"].map((s) => [`grants: status=${s}`, `/admin/download-grants?status=${s}&limit=20`])
    ),
    "grants: search by email": "/admin/download-grants?q=buyer4242%40example.com&limit=20",
    "grants: search by part of an email": "/admin/download-grants?q=buyer4242&limit=20",
    "deliveries: newest page": "/admin/digital-delivery/orders?limit=20",
    "deliveries: next page": await nextPage(main, "/admin/digital-delivery/orders?limit=20"),
    ...Object.fromEntries(
      ["active", "awaiting_payment", "disabled", "expired", "exhausted", "revoked", "suspicious"].map((s) => [
        `deliveries: status=${s}`,
        `/admin/digital-delivery/orders?status=${s}&limit=20`,
      ])
    ),
    "deliveries: search by email": "/admin/digital-delivery/orders?q=buyer4242%40example.com&limit=20",
    "deliveries: search by part of an email": "/admin/digital-delivery/orders?q=buyer4242&limit=20",
    "deliveries: search by order number": "/admin/digital-delivery/orders?q=%23104242&limit=20",
    "grant detail with its events": `/admin/download-grants/dgrant_b4242`,
  }
}

/**
 * BENCH_ADMIN_EXPLAIN=1: EXPLAIN (ANALYZE, BUFFERS) of every statement the
 * built plugin's service sends for each list (captured from its knex), into
 * bench/results/<file>.
 */
async function explainAdminQueries({ root, log, main: { db, base }, databaseUrl }, queries, file) {
  const { default: createKnex } = await import("knex")
  const built = await import(path.join(root, ".medusa/server/src/modules/digital-delivery/service.js"))
  const Service = built.default.default ?? built.default // CommonJS: exports.default
  const kx = createKnex({ client: "pg", connection: databaseUrl, pool: { min: 0, max: 1 } })
  const service = Object.create(Service.prototype)
  const statements = []
  kx.on("query", (q) => statements.push(q))
  let out = ""
  for (const [name, url] of Object.entries(queries)) {
    const u = new URL(url, base)
    const p = Object.fromEntries(u.searchParams)
    const page = { limit: Number(p.limit ?? 20), offset: Number(p.offset ?? 0), cursor: p.cursor }
    const filters = { ...(p.status ? { status: [p.status] } : {}), ...(p.q ? { q: p.q } : {}) }
    statements.length = 0
    const ctx = { manager: { getKnex: () => kx } }
    if (u.pathname.startsWith("/admin/digital-delivery/orders")) await service.listDigitalOrdersForAdmin(filters, page, ctx)
    else if (u.pathname === "/admin/download-grants") await service.listGrants(filters, page, ctx)
    else {
      const id = u.pathname.split("/").pop()
      await service.listGrants({ id }, { limit: 1 }, ctx)
      // the events, as the ORM reads them (listDownloadEvents: take 50, newest first)
      statements.push({ sql: "select * from download_event where grant_id = $1 and deleted_at is null order by created_at desc limit 50", bindings: [id] })
    }
    for (const st of statements.filter((s) => !/^explain/i.test(s.sql))) {
      const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${st.sql}`, st.bindings)
      out += `-- ${name}: ${url}\n${st.sql}\n-- bindings: ${JSON.stringify(st.bindings)}\n${rows.map((r) => r["QUERY PLAN"]).join("\n")}\n\n`
    }
  }
  await kx.destroy()
  fs.mkdirSync(path.join(root, "bench", "results"), { recursive: true })
  fs.writeFileSync(path.join(root, "bench", "results", file), out)
  log(`admin: query plans in bench/results/${file}`)
}

export async function run(ctx) {
  const { quick, adminScales, log, figures, assets, main } = ctx
  const { db, base, A } = main
  const ADMIN_GRANTS = quick ? 10_000 : 100_000
  const ADMIN_EVENTS = quick ? 100_000 : 1_000_000
  const inserted = { grants: 0, events: 0 }
  for (const scale of adminScales) {
    const [grants, events] = [ADMIN_GRANTS * scale, ADMIN_EVENTS * scale]
    log(`admin: ${grants} grants and ${events} events…`)
    const insertStarted = Date.now()
    await topUp(db, inserted, grants, events, assets.small.id)
    const insertSeconds = (Date.now() - insertStarted) / 1000
    const queries = await adminQueries(main)
    const admin = {}
    for (const [name, url] of Object.entries(queries)) {
      // 3 warm-up requests, then 40 (10 with --quick), or as many as 20 s allow (at least 10).
      const times = []
      const started = Date.now()
      for (let i = 0; times.length < (quick ? 10 : 40) && (times.length < 10 || Date.now() - started < 20_000); i++) {
        const t = process.hrtime.bigint()
        const res = await fetch(base + url, { headers: A, signal: AbortSignal.timeout(60_000) })
        await res.arrayBuffer()
        if (!res.ok) throw new Error(`${url} → ${res.status}`)
        if (i >= 3) times.push(Number(process.hrtime.bigint() - t) / 1e6)
      }
      admin[name] = { p50_ms: median(times), p95_ms: percentile(times, 95), runs: times.length }
    }
    if (process.env.BENCH_ADMIN_EXPLAIN) await explainAdminQueries(ctx, queries, `admin-plans-${grants}.txt`).catch((e) => log(`admin: no query plans: ${e.stack}`))
    const target = scale >= 10 ? 300 : 150
    figures[scale === 1 ? "admin" : `admin_x${scale}`] = {
      what: `admin API with ${grants} grants, ${grants / 2} orders and ${events} download events (sequential requests)`,
      scale,
      grants,
      events,
      insert_seconds: insertSeconds,
      queries: admin,
      worst_p95_ms: Math.max(...Object.values(admin).map((a) => a.p95_ms)),
      target_p95_ms: target,
      target: `p95 < ${target} ms`,
    }
  }
}
