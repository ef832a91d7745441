// --only launch: 1,000 buyers (200 with --quick), each with their own grant,
// download the same file at once, plugin vs bare Node (one client process,
// bench/lib/swarm.mjs).
import fs from "node:fs"
import { withRss } from "../lib/measure.mjs"
import { MiB } from "../lib/medusa.mjs"
import { descriptors, fdGrowthBesidesPool, rss, waitSettled } from "../lib/storm.mjs"
import { swarm } from "../lib/swarm.mjs"

export async function run({ quick, sizes: { STORM_FILE }, log, figures, assets, main, bare, bareServer, fdKinds }) {
  const LAUNCH = quick ? 200 : 1000
  const LAUNCH_PAIRS = quick ? 1 : 2
  const { db, api, A, base } = main
  log(`launch: ${LAUNCH} buyers, each with their own grant, download ${STORM_FILE / MiB} MiB at once, ${LAUNCH_PAIRS} pairs with bare Node…`)
  // The grants as grantLinkOn makes them (one order per buyer), in one INSERT;
  // their links from the admin's list (download_url), 200 orders a page.
  const launchIds = Array.from({ length: LAUNCH }, (_, i) => `dgrant_launch_${i}`)
  await db.query(
    `INSERT INTO download_grant (id, order_id, line_item_id, asset_id, max_downloads, enabled, token_version, delivered_at)
     SELECT id, 'order_launch_' || n, id, $2, NULL, true, 1, now()
       FROM generate_series(0, $1::int - 1) AS n, LATERAL (SELECT 'dgrant_launch_' || n AS id) AS g`,
    [LAUNCH, assets.storm.id]
  )
  const launchUrls = []
  for (let i = 0; i < LAUNCH; i += 200) {
    const orderIds = Array.from({ length: Math.min(200, LAUNCH - i) }, (_, k) => `order_launch_${i + k}`)
    const qs = orderIds.map((o) => `order_id[]=${o}`).join("&")
    const { download_grants } = await api.get(`/admin/download-grants?${qs}&limit=200`, A)
    for (const g of download_grants) launchUrls.push(base + new URL(g.download_url).pathname)
  }
  if (launchUrls.length !== LAUNCH) throw new Error(`launch: ${launchUrls.length} links listed for ${LAUNCH} grants`)
  const bareUrls = launchUrls.map(() => `${bare}/storm.bin`)
  // Warm-up: both servers, 32 connections (the file in the page cache, the pool's connections open).
  await swarm(bareUrls.slice(0, 32))
  await swarm(launchUrls.slice(0, 32))
  await waitSettled(db, launchIds)
  await new Promise((r) => setTimeout(r, 3000))
  const launchBefore = { fds: descriptors(main.pid, fdKinds), rss: rss(main.pid), bare_rss: rss(bareServer.pid) }
  const overflows = () => {
    const lines = fs.readFileSync("/proc/net/netstat", "utf8").split("\n").filter((l) => l.startsWith("TcpExt:"))
    const keys = lines[0].split(/\s+/)
    return Number(lines[1].split(/\s+/)[keys.indexOf("ListenOverflows")])
  }
  const launchPairs = []
  for (let i = 0; i < LAUNCH_PAIRS; i++) {
    const one = async (who) => {
      const o = overflows()
      const m = who === "plugin" ? await withRss(main.pid, () => swarm(launchUrls)) : await withRss(bareServer.pid, () => swarm(bareUrls))
      // Refusals (a 503 when admission waited too long for a database connection) are reported, not fatal.
      if (m.result.failed) log(`  launch (${who}): ${m.result.failed} of ${LAUNCH} downloads failed: ${JSON.stringify(m.result.statuses)}`)
      if (who === "plugin") await waitSettled(db, launchIds)
      return { ...m.result, rss_growth_MiB: m.growth / MiB, accept_queue_overflows: overflows() - o }
    }
    const pluginFirst = i % 2 === 1
    const first = await one(pluginFirst ? "plugin" : "bare")
    const second = await one(pluginFirst ? "bare" : "plugin")
    const [p, b] = pluginFirst ? [first, second] : [second, first]
    launchPairs.push({ order: pluginFirst ? "plugin, bare" : "bare, plugin", plugin: p, bare: b, ratio: p.bytesPerSecond / b.bytesPerSecond })
  }
  await new Promise((r) => setTimeout(r, 5000))
  const launchAfter = { fds: descriptors(main.pid, fdKinds), rss: rss(main.pid), bare_rss: rss(bareServer.pid) }
  const { rows: launchEvents } = await db.query("SELECT count(*)::int AS n FROM download_event WHERE grant_id = ANY($1) AND outcome = 'served'", [launchIds])
  const middle = [...launchPairs].sort((a, b) => a.ratio - b.ratio)[Math.floor(launchPairs.length / 2)]
  const fdGrowth = fdGrowthBesidesPool(launchBefore.fds, launchAfter.fds)
  const rssAfterGrowth = (launchAfter.rss - launchBefore.rss) / MiB
  figures.launch = {
    what: `${LAUNCH} buyers, each with their own grant (their own link), start downloading the same ${STORM_FILE / MiB} MiB file at the same moment: ${LAUNCH} connections opened at once by one client process (raw sockets, bytes counted, not kept); aggregate = all bytes over the wall time from the first connect to the last byte; time to first byte from each connect (includes the kernel's SYN retries when the listen queue, Node's default backlog of 511, overflows: accept_queue_overflows); bare Node (createReadStream, 1 MiB chunks) under the same load; ${LAUNCH_PAIRS} pairs alternating bare/plugin then plugin/bare, the median pair reported; RSS growth = peak during the run; descriptors and RSS of the Medusa process after a warm-up and 5 s after the last run`,
    connections: LAUNCH,
    file_MiB: STORM_FILE / MiB,
    plugin_MBps: middle.plugin.bytesPerSecond / 1e6,
    bare_node_MBps: middle.bare.bytesPerSecond / 1e6,
    ratio_vs_bare: middle.ratio,
    ratios_of_each_pair: launchPairs.map((p) => p.ratio),
    plugin_failed_downloads: launchPairs.map((p) => p.plugin.failed),
    plugin_statuses: launchPairs.map((p) => p.plugin.statuses),
    bare_failed_downloads: launchPairs.map((p) => p.bare.failed),
    plugin_ttfb_p99_ms: middle.plugin.ttfb_p99_ms,
    bare_ttfb_p99_ms: middle.bare.ttfb_p99_ms,
    plugin_ttfb_p50_ms: middle.plugin.ttfb_p50_ms,
    bare_ttfb_p50_ms: middle.bare.ttfb_p50_ms,
    plugin_rss_growth_MiB: middle.plugin.rss_growth_MiB,
    bare_rss_growth_MiB: middle.bare.rss_growth_MiB,
    pairs: launchPairs,
    served_events: launchEvents[0].n,
    fds_before: launchBefore.fds,
    fds_after: launchAfter.fds,
    fds_growth_besides_pool: fdGrowth,
    rss_before_MiB: launchBefore.rss / MiB,
    rss_after_MiB: launchAfter.rss / MiB,
    rss_after_growth_MiB: rssAfterGrowth,
    bare_rss_before_MiB: launchBefore.bare_rss / MiB,
    bare_rss_after_MiB: launchAfter.bare_rss / MiB,
    pass: {
      ratio: middle.ratio >= 0.85,
      every_download_served: launchPairs.every((p) => p.plugin.failed === 0),
      descriptors: fdGrowth <= 4 && launchAfter.fds.files_under_dir === 0 && launchAfter.fds.http_clients === 0,
      rss: middle.plugin.rss_growth_MiB <= Math.max(middle.bare.rss_growth_MiB, 64),
    },
    target: "every buyer served; aggregate ≥ 0.85 of bare Node; descriptors besides the PostgreSQL pool back to baseline (≤ +4, none on the file, no client connection left); peak RSS growth ≤ bare Node's under the same load (or ≤ 64 MiB); RSS 5 s after reported (memory freed by Node may stay in the allocator: compare with bare Node's)",
  }
}
