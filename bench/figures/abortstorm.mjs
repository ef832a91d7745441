// --only abortstorm: downloads cut by their clients at random points; then
// requests abandoned before their response. Metering, descriptors and RSS after.
import { withRss } from "../lib/measure.mjs"
import { MiB } from "../lib/medusa.mjs"
import { pool } from "../lib/store.mjs"
import { abandonedRequest, cutDownload, descriptors, fdGrowthBesidesPool, rss, seededRandom, waitSettled } from "../lib/storm.mjs"

export async function run({ quick, sizes: { STORM_FILE }, log, figures, assets, main, fdKinds, grantLink }) {
  const STORM = quick ? 200 : 1000
  const EARLY = quick ? 100 : 500
  const { db } = main
  /** BENCH_SEED=<n>: the seed of the cut points (default 12). */
  const seed = Number(process.env.BENCH_SEED ?? 12)
  log(`abort storm: ${STORM} downloads of ${STORM_FILE / MiB} MiB cut at random points (seed ${seed}), 32 at a time…`)
  // Eight grants: four unlimited, four with a limit no storm reaches.
  const stormGrants = []
  for (let i = 0; i < 8; i++) stormGrants.push(await grantLink(assets.storm.id, i % 2 ? 100_000 : null))
  const stormIds = stormGrants.map((g) => g.id)
  const random = seededRandom(seed)
  const cuts = Array.from({ length: STORM }, () => Math.floor(random() * STORM_FILE))
  // Warm-up (its own grant): the paths, the pool's connections and the
  // buffers a storm uses exist before the baseline is taken.
  const warm = await grantLink(assets.storm.id)
  await pool(Array.from({ length: 64 }, (_, i) => Math.floor(((i + 0.5) / 64) * STORM_FILE)), 32, (cut) => cutDownload(warm.url, cut))
  await waitSettled(db, [warm.id])
  await new Promise((r) => setTimeout(r, 5000))
  const before = { fds: descriptors(main.pid, fdKinds), rss: rss(main.pid) }
  const started = process.hrtime.bigint()
  const storm = await withRss(main.pid, () => pool(cuts, 32, (cut, i) => cutDownload(stormGrants[i % stormGrants.length].url, cut)))
  const stormSeconds = Number(process.hrtime.bigint() - started) / 1e9
  const requests = storm.result
  const settledStart = Date.now()
  const settled = await waitSettled(db, stormIds)
  const settleMs = Date.now() - settledStart
  const { rows: ev } = await db.query(
    `SELECT coalesce(sum(k), 0)::int AS n, coalesce(sum(bytes_sent), 0)::text AS bytes, jsonb_object_agg(outcome, k) AS outcomes
       FROM (SELECT outcome, count(*)::int AS k, sum(bytes_sent) AS bytes_sent FROM download_event WHERE grant_id = ANY($1) GROUP BY outcome) o`,
    [stormIds]
  )
  await new Promise((r) => setTimeout(r, 5000))
  const after = { fds: descriptors(main.pid, fdKinds), rss: rss(main.pid) }
  const received = requests.reduce((s, r) => s + r.received, 0)
  const cutSum = cuts.reduce((s, c) => s + c, 0)
  const metered = settled.downloads_used * STORM_FILE
  const handed = Number(ev[0].bytes)
  const statuses = {}
  for (const r of requests) statuses[r.status] = (statuses[r.status] ?? 0) + 1
  // Then clients that go away before the response starts, 0–20 ms after
  // their request (some before the server reads it, some while it is being
  // admitted, some after the first bytes): every reservation must still be
  // settled and no descriptor stay open on the file.
  const early = await grantLink(assets.storm.id)
  const earlyRuns = await pool(Array.from({ length: EARLY }, () => random() * 20), 32, (ms) => abandonedRequest(early.url, ms))
  const earlySettled = await waitSettled(db, [early.id], { timeoutMs: 5000, tolerate: true })
  const { rows: earlyEvents } = await db.query("SELECT count(*)::int AS n FROM download_event WHERE grant_id = $1", [early.id])
  await new Promise((r) => setTimeout(r, 5000))
  const afterEarly = descriptors(main.pid, fdKinds)
  const earlyFigure = {
    what: `${EARLY} requests for the same file abandoned by the client 0–20 ms after sending them (seeded), 32 at a time, on one unlimited grant`,
    requests: EARLY,
    answered_before_abandon: earlyRuns.filter((r) => r.answered).length,
    events_recorded: earlyEvents[0].n,
    downloads_used: earlySettled.downloads_used,
    reserved_copies_never_settled: earlySettled.reserved_left,
    fds_on_the_file_5s_later: afterEarly.files_under_dir,
    fds_5s_later: afterEarly,
  }
  // The pool keeps the PostgreSQL connections a storm opened for a while
  // (at most its max, 20): those are not leaks. Every other descriptor must
  // be back to its baseline, and none left open on the stored file.
  const fdGrowth = fdGrowthBesidesPool(before.fds, after.fds)
  const rssGrowth = (after.rss - before.rss) / MiB
  const meteredVsHanded = metered / handed
  const pass = {
    metering: Math.abs(meteredVsHanded - 1) <= 0.01,
    descriptors: fdGrowth <= 4 && after.fds.files_under_dir === 0 && after.fds.postgres <= 20,
    rss: rssGrowth <= 20,
    all_admitted: (statuses[200] ?? 0) === STORM,
    abandoned_settled: earlyFigure.reserved_copies_never_settled === 0 && earlyFigure.fds_on_the_file_5s_later === 0,
  }
  figures.abort_storm = {
    what: `${STORM} downloads of a ${STORM_FILE / MiB} MiB file, each cut by the client at a point drawn uniformly over the file (seeded PRNG, seed ${seed}), 32 at a time, spread over 8 grants (4 unlimited, 4 with a limit of 100,000). Metered = Σ downloads_used × size once every reservation is settled; handed to the network = Σ bytes_sent of the requests' download events; received = Σ body bytes the clients read before cutting. Descriptors and RSS of the Medusa process: after a warm-up storm of 64 + 5 s, and 5 s after the storm`,
    seed,
    requests: STORM,
    statuses,
    seconds: stormSeconds,
    cut_points_mean_fraction: cutSum / STORM / STORM_FILE,
    cut_points_bytes: cutSum,
    client_received_bytes: received,
    server_handed_bytes: handed,
    grants_bytes_sent: settled.bytes_sent,
    metered_copies: settled.downloads_used,
    metered_bytes: metered,
    metered_vs_handed: meteredVsHanded,
    metered_vs_received: metered / received,
    overcharge_vs_received_MiB: (metered - received) / MiB,
    overcharge_per_request_KiB: (metered - received) / STORM / 1024,
    events: ev[0].n,
    event_outcomes: ev[0].outcomes,
    settled_ms_after_storm: settleMs,
    fds_before: before.fds,
    fds_after: after.fds,
    fds_growth_besides_pool: fdGrowth,
    rss_before_MiB: before.rss / MiB,
    rss_peak_MiB: storm.peak / MiB,
    rss_after_MiB: after.rss / MiB,
    rss_growth_MiB: rssGrowth,
    abandoned_before_response: earlyFigure,
    pass,
    target: "metered = handed to the network ± 1 %; descriptors other than the pool's PostgreSQL connections after ≤ before + 4, none left on the stored file, pool ≤ 20; RSS after ≤ before + 20 MiB; every request admitted (200)",
  }
}
