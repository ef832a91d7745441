// --only overhead: the request overhead of a small download (4 KiB, 64
// connections) against a bare Medusa route; with BENCH_COMPARE, the same pairs
// alternate with another version of the plugin on a second Medusa.
import path from "node:path"
import { freePort } from "../../scripts/embedded-postgres.mjs"
import { prepareComparePlugin } from "../lib/compare.mjs"
import { cannon, median } from "../lib/measure.mjs"
import { grantLinkOn, prepareDatabase, startMedusa, uploadAsset } from "../lib/medusa.mjs"
import { waitSettled } from "../lib/storm.mjs"

/**
 * BENCH_COMPARE=<git ref | directory>: a second Medusa with the other version
 * of the plugin (its own bench host, port and database), idle while this one is
 * measured, with 64 links to a 4 KiB file and both routes warmed up.
 */
async function startCompareHost({ root, work, log, env, pgServer, medusaCli, files }, spec) {
  const other = prepareComparePlugin(root, spec, work, log)
  log(`compare: starting a second Medusa with the plugin at ${other.label}…`)
  await pgServer.createDatabase("medusa_bench_compare")
  const cmpEnv = { ...env, DATABASE_URL: pgServer.url("medusa_bench_compare"), PORT: String(await freePort(0)), BENCH_DATA_DIR: path.join(work, "compare-data") }
  prepareDatabase(medusaCli, other.host, cmpEnv)
  const cmp = { label: other.label, ...(await startMedusa(medusaCli, { cwd: other.host, env: cmpEnv, label: "the compare Medusa" })) }
  const asset = await uploadAsset(cmp, files.small)
  cmp.links = await Promise.all(Array.from({ length: 64 }, () => grantLinkOn(cmp, asset.id)))
  // warm-up of both routes (a cold bare route would flatter the first ratio)
  await cannon(`${cmp.base}/bench/static-4k`, { connections: 16, seconds: 2 })
  await cannon(cmp.links[0].url, { connections: 16, seconds: 2, urls: cmp.links.map((l) => l.url) })
  return cmp
}

export async function run(ctx) {
  const { quick, RUNS, log, figures, assets, main, pgServer, grantLink } = ctx
  const { db, base } = main
  const OVERHEAD_SECONDS = quick ? 3 : 20
  /** BENCH_OVERHEAD_PAIRS=<n>: more alternating pairs (default 3, 1 with --quick). */
  const OVERHEAD_PAIRS = Number(process.env.BENCH_OVERHEAD_PAIRS) || RUNS
  const compareSpec = process.env.BENCH_COMPARE || null
  const cmp = compareSpec ? await startCompareHost(ctx, compareSpec) : null
  log(`request overhead: 4 KiB, 64 connections, ${OVERHEAD_PAIRS} × ${OVERHEAD_SECONDS} s each${cmp ? `, alternating with the plugin at ${cmp.label}` : ""}…`)
  // 64 buyers, each with their own link to the same 4 KiB file; and, apart, all on one link.
  const links = await Promise.all(Array.from({ length: 64 }, () => grantLink(assets.small.id)))
  const small = await grantLink(assets.small.id)
  // warm-up of both routes (a cold bare route would flatter the first ratio)
  await cannon(`${base}/bench/static-4k`, { connections: 16, seconds: 2 })
  await cannon(small.url, { connections: 16, seconds: 2 })
  // Bare route and plugin in alternation, RUNS pairs: the ratio is the median
  // of the pairs' ratios (each pair ran under the same machine conditions).
  // With BENCH_COMPARE, each pair of this version follows the same pair on
  // the other version's host (old, new, old, new…): each ratio is a
  // plugin's rate over its own host's bare route, measured just before it.
  // The baselines are asked through 64 URLs too (the same route, `?buyer=n`):
  // the load generator then does the same work for both sides of a ratio.
  const buyerUrls = (url) => Array.from({ length: 64 }, (_, i) => `${url}?buyer=${i}`)
  const pairs = []
  const comparePairs = []
  // BENCH_COMPARE_ORDER=abba swaps the order in every other pair (old new,
  // new old, old new…), so that whatever the first of two runs leaves behind
  // (the other's event flush, a warmer cache) does not always favour one side.
  const abba = process.env.BENCH_COMPARE_ORDER === "abba"
  const pairOn = async (h, hostLinks) => {
    const cpu = { serverPid: h.pid, postgresDataDir: pgServer.dataDir }
    const bare = await cannon(`${h.base}/bench/static-4k`, { connections: 64, seconds: OVERHEAD_SECONDS, urls: buyerUrls(`${h.base}/bench/static-4k`), cpu })
    const plugin = await cannon(hostLinks[0].url, { connections: 64, seconds: OVERHEAD_SECONDS, urls: hostLinks.map((l) => l.url), cpu })
    return { bare, plugin, ratio: plugin.requests_per_second / bare.requests_per_second }
  }
  // How many of the grant rows' updates were HOT (no index touched): each
  // download updates its grant twice (reserve, settle).
  const grantUpdates = async () =>
    (await db.query("SELECT n_tup_upd::int AS updates, n_tup_hot_upd::int AS hot FROM pg_stat_user_tables WHERE relname = 'download_grant'")).rows[0]
  const updatesBefore = await grantUpdates()
  for (let i = 0; i < OVERHEAD_PAIRS; i++) {
    const newFirst = cmp && abba && i % 2 === 1
    const mine = newFirst ? await pairOn(main, links) : null
    const before = cmp ? await pairOn(cmp, cmp.links) : null
    const pair = mine ?? (await pairOn(main, links))
    pairs.push(pair)
    if (before) {
      comparePairs.push({
        order: newFirst ? "new, old" : "old, new",
        old_ratio: before.ratio,
        new_ratio: pair.ratio,
        old_plugin_rps: before.plugin.requests_per_second,
        new_plugin_rps: pair.plugin.requests_per_second,
        old_bare_rps: before.bare.requests_per_second,
        new_bare_rps: pair.bare.requests_per_second,
        old_plugin_cpu_us_per_request: before.plugin.cpu_us_per_request,
        new_plugin_cpu_us_per_request: pair.plugin.cpu_us_per_request,
      })
    }
  }
  if (cmp) {
    const oldRatio = median(comparePairs.map((p) => p.old_ratio))
    const newRatio = median(comparePairs.map((p) => p.new_ratio))
    figures.overhead_before_after = {
      what: `request overhead (the figure below) of the plugin at ${cmp.label} (old) and of this checkout (new), each on its own Medusa (same machine, same PostgreSQL server, its own database), measured in alternation: ${abba ? "old pair, new pair, then new, old…" : "old pair, new pair"}, ×${OVERHEAD_PAIRS}`,
      old: cmp.label,
      pairs: comparePairs,
      median_old_ratio: oldRatio,
      median_new_ratio: newRatio,
      median_old_plugin_rps: median(comparePairs.map((p) => p.old_plugin_rps)),
      median_new_plugin_rps: median(comparePairs.map((p) => p.new_plugin_rps)),
      target: "new ratio ≥ old ratio (medians)",
    }
    await cmp.db.end()
    cmp.proc.kill("SIGTERM")
  }
  const middle = [...pairs].sort((a, b) => a.ratio - b.ratio)[Math.floor(pairs.length / 2)]
  const bareRoute = middle.bare
  const pluginRoute = middle.plugin
  const cpu = { serverPid: main.pid, postgresDataDir: pgServer.dataDir }
  const oneLink = await cannon(small.url, { connections: 64, seconds: OVERHEAD_SECONDS, cpu })
  const dbRoute = await cannon(`${base}/bench/db-4k`, { connections: 64, seconds: OVERHEAD_SECONDS, urls: buyerUrls(`${base}/bench/db-4k`), cpu })
  const ids = links.map((l) => l.id)
  await new Promise((r) => setTimeout(r, 1000)) // statistics are published about once a second
  const updatesAfter = await grantUpdates()
  // Settlements and events are written in batches: let the last ones land.
  // A reservation still held 10 s later belongs to a request that never
  // settled (reported, not fatal: the rates above stand).
  const overheadSettled = await waitSettled(db, [...ids, small.id], { timeoutMs: 10_000, tolerate: true })
  await new Promise((r) => setTimeout(r, 500))
  const { rows: counted } = await db.query("SELECT sum(downloads_used)::float8 AS downloads_used FROM download_grant WHERE id = ANY($1)", [ids])
  const { rows: events } = await db.query("SELECT count(*)::int AS n FROM download_event WHERE grant_id = ANY($1)", [ids])
  figures.request_overhead = {
    what: `4 KiB file, 64 concurrent connections, ${OVERHEAD_SECONDS} s (autocannon), each connection a buyer with their own link (plugin_one_link_for_all: all 64 on one link); each plugin request verifies the token, reserves, settles (metered) and logs an event; bare route and plugin alternate ${OVERHEAD_PAIRS} times, the median pair is reported`,
    plugin: pluginRoute,
    plugin_one_link_for_all: oneLink,
    bare_medusa_route: bareRoute,
    bare_medusa_route_with_one_query: dbRoute,
    ratio_vs_bare_route: middle.ratio,
    ratios_of_each_pair: pairs.map((p) => p.ratio),
    downloads_counted: counted[0].downloads_used,
    events_logged: events[0].n,
    reserved_copies_never_settled: overheadSettled.reserved_left,
    grant_row_updates: updatesAfter.updates - updatesBefore.updates,
    grant_row_updates_hot: updatesAfter.hot - updatesBefore.hot,
    grants_holding_reservations: overheadSettled.grants_holding,
    target: "≥ 0.75 of the bare route, ≥ 0.9 of the bare route with one query",
  }
}
