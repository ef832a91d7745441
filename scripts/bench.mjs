#!/usr/bin/env node
// `npm run bench`: the download path against baselines measured in the same run.
// Starts everything itself: an embedded PostgreSQL, a Medusa app with the built
// plugin (production mode, file-local storage), a bare Node file server.
// Writes bench/results/latest.json and bench/results/latest.md.
// Options: --quick (fewer runs, smaller files: a smoke test of the script),
// --only <figures> (comma-separated: throughput, concurrency, resume, abortstorm,
// dm, overhead, delivery, checkout, launch, zip, admin).
// checkout: Medusa's own checkout burst (cart → complete → capture) on two
// fresh Medusa processes, with and without the plugin (BENCH_WITHOUT_PLUGIN=1
// in bench/host), each on a copy of one migrated database; launch: 1,000
// buyers download a 16 MiB file at once, plugin vs bare Node (one client
// process, bench/lib/swarm.mjs); zip: the order ZIP of 4 × 64 MiB vs the
// same four files downloaded one after the other. --quick scales them down.
// BENCH_COMPARE=<git ref | directory>: also measures the request overhead of the
// plugin at that commit (e.g. 695bf75, before byte metering), alternating with
// this one in the same run (bench/lib/compare.mjs), e.g.
//   BENCH_COMPARE=695bf75 npm run bench -- --only overhead
// BENCH_COMPARE_ORDER=abba: old/new, new/old, old/new… instead of old/new each time;
// BENCH_OVERHEAD_PAIRS=<n>: that many pairs (default 3).
// BENCH_SEED=<n>: the seed of the abort storm's cut points (default 12).
// --scale <n>[,<m>…]: the admin figure at n × 100k grants / 1M events (10k / 100k
// with --quick); several sizes are measured in turn, the data topped up in between,
// e.g. `npm run bench -- --only admin --scale 1,10` (100k/1M then 1M/10M).
import { spawn, spawnSync } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"
import pg from "pg"
import { EmbeddedPostgresError, freePort, startEmbeddedPostgres } from "./embedded-postgres.mjs"
import { cannon, concurrent, curl, makeFile, median, percentile, withRss } from "../bench/lib/measure.mjs"
import { captureOrder, checkout, client, digitalVariants, pool, setupStore } from "../bench/lib/store.mjs"
import { abandonedRequest, aria2c, cutDownload, descriptors, hasAria2c, rss, seededRandom, sha256, waitSettled } from "../bench/lib/storm.mjs"
import { prepareComparePlugin } from "../bench/lib/compare.mjs"
import { copyDatabase, orderBurst, seedCheckoutStore } from "../bench/lib/checkout.mjs"
import { swarm } from "../bench/lib/swarm.mjs"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const host = path.join(root, "bench", "host")
const quick = process.argv.includes("--quick")
const onlyArg = process.argv[process.argv.indexOf("--only") + 1]
const only = process.argv.includes("--only") ? onlyArg.split(",") : null
/** --only throughput,concurrency,resume,abortstorm,dm,overhead,delivery,checkout,launch,zip,admin runs a part of the bench. */
const want = (name) => !only || only.includes(name)
const MiB = 1024 * 1024
const GiB = 1024 * MiB
const RUNS = quick ? 1 : 3
const BIG = quick ? 128 * MiB : GiB
const MEDIUM = quick ? 16 * MiB : 64 * MiB
const LARGE_MEDIUM = quick ? 32 * MiB : 256 * MiB
const CLIENTS = 32
const OVERHEAD_SECONDS = quick ? 5 : 20
/** BENCH_OVERHEAD_PAIRS=<n>: more alternating pairs for the request-overhead figure (default 3, 1 with --quick). */
const OVERHEAD_PAIRS = Number(process.env.BENCH_OVERHEAD_PAIRS) || RUNS
// Orders of the delivery burst: each is placed through Medusa's checkout first (about 0.85 s each
// on 2 cores: 500 took 7 of the 25 minutes of a full run on 2026-11-30), then all captured at once.
const BURST = quick ? 50 : 200
const ADMIN_GRANTS = quick ? 10_000 : 100_000
const ADMIN_EVENTS = quick ? 100_000 : 1_000_000
/** --scale 1,10: the admin figure at each multiple of ADMIN_GRANTS / ADMIN_EVENTS (default 1). */
const ADMIN_SCALES = process.argv.includes("--scale")
  ? process.argv[process.argv.indexOf("--scale") + 1].split(",").map(Number).sort((a, b) => a - b)
  : [1]
if (!ADMIN_SCALES.every((n) => Number.isInteger(n) && n >= 1)) throw new Error("--scale takes whole numbers ≥ 1, e.g. --scale 1,10")
const STORM = quick ? 200 : 1000
const STORM_FILE = 16 * MiB
const DM_RUNS = quick ? 2 : 5
const CHECKOUT_SECONDS = quick ? 8 : 20
const CHECKOUT_WARMUP_SECONDS = quick ? 3 : 8
const CHECKOUT_PRODUCTS = quick ? 4 : 10
const CHECKOUT_PAIRS = quick ? 1 : 3
const LAUNCH = quick ? 200 : 1000
const LAUNCH_PAIRS = quick ? 1 : 2
const ZIP_PAIRS = quick ? 2 : 5
const compareSpec = process.env.BENCH_COMPARE || null
const medusaCli = path.join(root, "node_modules", "@medusajs", "cli", "cli.js")
const t0 = Date.now()
/** Each line says when it was written (seconds since the start): the sections' durations. */
const log = (m) => console.log(`\x1b[36m[bench ${Math.round((Date.now() - t0) / 1000)} s]\x1b[0m ${m}`)

const work = path.join(root, ".tmp", "bench")
fs.rmSync(path.join(work, "pg"), { recursive: true, force: true })
fs.rmSync(path.join(work, "uploads"), { recursive: true, force: true })
fs.rmSync(path.join(work, "compare-data"), { recursive: true, force: true })
const filesDir = path.join(work, "files")
fs.mkdirSync(filesDir, { recursive: true })

const children = []
let pgServer = null
async function cleanup() {
  for (const c of children) if (c.exitCode === null) c.kill("SIGTERM")
  await new Promise((r) => setTimeout(r, 500))
  // A profiled Medusa writes its profile as it exits: give it time to.
  for (let i = 0; process.env.BENCH_PROFILE && i < 100 && children.some((c) => c.exitCode === null); i++) await new Promise((r) => setTimeout(r, 100))
  // A Medusa that does not stop (its database already gone) must not keep
  // burning a core for the next run.
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL")
  if (pgServer) await pgServer.stop().catch(() => {})
  fs.rmSync(path.join(host, "static"), { recursive: true, force: true })
}
process.on("SIGINT", () => cleanup().then(() => process.exit(130)))
process.on("SIGTERM", () => cleanup().then(() => process.exit(143)))

function startChild(cmd, args, opts, readyMatch) {
  const child = spawn(cmd, args, { ...opts, stdio: ["ignore", "pipe", "pipe"] })
  children.push(child)
  let out = ""
  child.stdout.on("data", (d) => (out += d))
  child.stderr.on("data", (d) => (out += d))
  return new Promise((resolve, reject) => {
    const check = setInterval(() => {
      if (readyMatch && readyMatch.test(out)) {
        clearInterval(check)
        resolve(child)
      }
    }, 50)
    child.once("exit", (code) => {
      clearInterval(check)
      reject(new Error(`${args.join(" ")} exited ${code}:\n${out.slice(-3000)}`))
    })
    if (!readyMatch) {
      clearInterval(check)
      resolve(child)
    }
  })
}

const results = { machine: {}, figures: {} }
// Each figure is printed as soon as it is measured.
results.figures = new Proxy(results.figures, {
  set(target, key, value) {
    target[key] = value
    log(`${String(key)}: ${JSON.stringify(value)}`)
    return true
  },
})
try {
  // ------------------------------------------------------------ setup
  log("building the plugin…")
  spawnSync(process.execPath, [medusaCli, "plugin:build"], { cwd: root, stdio: "ignore" })
  const link = path.join(host, "node_modules", "medusa-plugin-digital-delivery")
  fs.mkdirSync(path.dirname(link), { recursive: true })
  if (!fs.existsSync(link)) fs.symlinkSync(path.relative(path.dirname(link), root), link, "dir")

  log("generating files…")
  const files = { big: path.join(filesDir, "big.bin"), medium: path.join(filesDir, "medium.bin"), largeMedium: path.join(filesDir, "large-medium.bin"), small: path.join(filesDir, "small.bin"), storm: path.join(filesDir, "storm.bin") }
  await makeFile(files.big, BIG)
  await makeFile(files.medium, MEDIUM)
  await makeFile(files.largeMedium, LARGE_MEDIUM)
  await makeFile(files.small, 4096)
  await makeFile(files.storm, STORM_FILE)
  // What a store without the plugin would do: serve them from Medusa's public /static.
  fs.mkdirSync(path.join(host, "static"), { recursive: true })
  for (const f of Object.values(files)) fs.copyFileSync(f, path.join(host, "static", path.basename(f)))

  log("starting PostgreSQL and Medusa…")
  pgServer = await startEmbeddedPostgres({ dir: path.join(work, "pg") })
  await pgServer.createDatabase("medusa_bench")
  const databaseUrl = pgServer.url("medusa_bench")
  const port = await freePort(0)
  const env = { ...process.env, NODE_ENV: "production", DATABASE_URL: databaseUrl, PORT: String(port), BENCH_DATA_DIR: work, LOG_LEVEL: "error", MEDUSA_DISABLE_TELEMETRY: "true" }
  spawnSync(process.execPath, [medusaCli, "db:migrate"], { cwd: host, env, stdio: "ignore" })
  spawnSync(process.execPath, [medusaCli, "user", "-e", "bench@example.com", "-p", "bench-password"], { cwd: host, env, stdio: "ignore" })
  // The checkout figure's hosts start from copies of this migrated database (nobody connected to it yet).
  if (want("checkout")) await copyDatabase(pgServer, "medusa_bench", "medusa_bench_seed")
  // BENCH_PROFILE=<dir>: a CPU profile of the Medusa process, written when it stops.
  const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []
  const medusa = await startChild(process.execPath, [...profile, medusaCli, "start"], { cwd: host, env })
  const base = `http://localhost:${port}`
  for (let i = 0; ; i++) {
    if (await fetch(`${base}/health`).then((r) => r.ok, () => false)) break
    if (i > 600) throw new Error("Medusa did not start")
    await new Promise((r) => setTimeout(r, 200))
  }
  const barePort = await freePort(0)
  const bareServer = await startChild(process.execPath, [path.join(root, "bench", "lib", "bare-server.mjs"), filesDir, String(barePort)], {}, /ready/)
  const bare = `http://127.0.0.1:${barePort}`

  const api = client(base)
  const { token } = await api.post("/auth/user/emailpass", { email: "bench@example.com", password: "bench-password" })
  const A = { authorization: `Bearer ${token}` }
  const upload = async (file) => {
    const form = new FormData()
    form.append("file", await fs.openAsBlob(file), path.basename(file))
    return (await api.post("/admin/digital-assets", form, A)).digital_asset
  }
  log("uploading the files through the admin API…")
  const assets = {}
  for (const [k, f] of Object.entries(files)) assets[k] = await upload(f)

  const db = new pg.Client({ connectionString: databaseUrl })
  db.on("error", () => {}) // the server stops before the client when the bench fails
  await db.connect()
  /**
   * A grant on an asset, as deliver-order would issue it (unlimited unless
   * `max` is given); returns its link. The columns named are the same before
   * and after byte metering (usage starts at its default, 0), so the compare
   * host's grants are made by the same statement.
   */
  const grantLinkOn = async (h, assetId, max = null) => {
    const id = `dgrant_bench_${Math.random().toString(36).slice(2)}`
    await h.db.query(
      `INSERT INTO download_grant (id, order_id, line_item_id, asset_id, max_downloads, enabled, token_version, delivered_at)
       VALUES ($1, 'order_bench', $1, $2, $3, true, 1, now())`,
      [id, assetId, max]
    )
    const { download_grant } = await h.api.get(`/admin/download-grants/${id}`, h.A)
    return { id, url: h.base + new URL(download_grant.download_url).pathname }
  }
  const main = { base, api, A, db, pid: medusa.pid }
  const grantLink = (assetId, max = null) => grantLinkOn(main, assetId, max)

  // ------------------------------------------------------------ throughput
  if (want("throughput")) {
    log(`throughput: one client, ${BIG / MiB} MiB, ${RUNS} runs each…`)
    const pluginBig = await grantLink(assets.big.id)
    const tp = { plugin: [], bare: [], static: [] }
    await curl(`${bare}/big.bin`) // warm the page cache: every server then reads from memory
    for (let i = 0; i < RUNS; i++) {
      tp.bare.push(BIG / (await curl(`${bare}/big.bin`)).seconds)
      tp.plugin.push(BIG / (await curl(pluginBig.url)).seconds)
      tp.static.push(BIG / (await curl(`${base}/static/big.bin`)).seconds)
    }
    const tpm = { plugin: median(tp.plugin), bare: median(tp.bare), static: median(tp.static) }
    results.figures.throughput = {
      what: `one client downloads a ${BIG / MiB} MiB file (curl to /dev/null), median of ${RUNS}`,
      plugin_MBps: tpm.plugin / 1e6,
      bare_node_MBps: tpm.bare / 1e6,
      medusa_static_MBps: tpm.static / 1e6,
      ratio_vs_bare: tpm.plugin / tpm.bare,
      ratio_vs_static: tpm.plugin / tpm.static,
      target: "≥ 1.0 vs bare, ≥ 1.0 vs static",
    }
  }

  // ------------------------------------------------------------ concurrency + memory
  if (want("concurrency")) {
    log(`concurrency: ${CLIENTS} clients × ${MEDIUM / MiB} MiB…`)
    const cc = { plugin: [], bare: [], growth: [] }
    const mediumLinks = await Promise.all(Array.from({ length: CLIENTS }, () => grantLink(assets.medium.id)))
    for (let i = 0; i < RUNS; i++) {
      cc.bare.push((await concurrent(Array.from({ length: CLIENTS }, () => `${bare}/medium.bin`))).bytesPerSecond)
      const run = await withRss(medusa.pid, () => concurrent(mediumLinks.map((l) => l.url)))
      cc.plugin.push(run.result.bytesPerSecond)
      cc.growth.push(run.growth)
    }
    log(`memory with ${CLIENTS} × ${LARGE_MEDIUM / MiB} MiB…`)
    const largeLinks = await Promise.all(Array.from({ length: CLIENTS }, () => grantLink(assets.largeMedium.id)))
    const largeRun = await withRss(medusa.pid, () => concurrent(largeLinks.map((l) => l.url)))
    results.figures.concurrency = {
      what: `${CLIENTS} clients each download a ${MEDIUM / MiB} MiB file at once: aggregate, median of ${RUNS}`,
      plugin_MBps: median(cc.plugin) / 1e6,
      bare_node_MBps: median(cc.bare) / 1e6,
      ratio_vs_bare: median(cc.plugin) / median(cc.bare),
      target: "≥ 0.9",
    }
    results.figures.memory = {
      what: "peak RSS growth of the Medusa process during the concurrency run",
      growth_MiB: median(cc.growth) / MiB,
      growth_MiB_with_larger_files: largeRun.growth / MiB,
      larger_file_MiB: LARGE_MEDIUM / MiB,
      target: "< 64 MiB, independent of file size",
    }
  }

  // ------------------------------------------------------------ resume
  if (want("resume")) {
    log("resume: cut at 50 %, then Range…")
    const resumeRuns = []
    for (let i = 0; i < RUNS; i++) {
      // Metered: the cut download and its resume each pay for what they sent.
      // A high limit, so the figure measures the bytes, never a refusal.
      const link = await grantLink(assets.big.id, 100)
      const half = Math.floor(BIG / 2)
      let received = 0
      const controller = new AbortController()
      const res = await fetch(link.url, { signal: controller.signal })
      try {
        for await (const chunk of res.body) {
          received += chunk.length
          if (received >= half) {
            controller.abort()
            break
          }
        }
      } catch {
        // the abort above ends the read: expected
      }
      const rest = await curl(link.url, ["-H", `Range: bytes=${received}-`])
      const settled = await waitSettled(db, [link.id])
      resumeRuns.push({ total: received + rest.bytes, used: settled.downloads_used })
    }
    results.figures.resume = {
      what: `a ${BIG / MiB} MiB download cut at 50 % and resumed with Range (grant limit 100): bytes transferred / file size; downloads_used as metered once settled (the cut part's unread kernel buffers included)`,
      ratio: median(resumeRuns.map((r) => r.total / BIG)),
      downloads_used: resumeRuns.map((r) => r.used),
      target: "≤ 1.01",
    }
  }

  // ------------------------------------------------------------ abort storm
  if (want("abortstorm")) {
    const seed = Number(process.env.BENCH_SEED ?? 12)
    log(`abort storm: ${STORM} downloads of ${STORM_FILE / MiB} MiB cut at random points (seed ${seed}), 32 at a time…`)
    // Eight grants: four unlimited, four with a limit no storm reaches.
    const stormGrants = []
    for (let i = 0; i < 8; i++) stormGrants.push(await grantLink(assets.storm.id, i % 2 ? 100_000 : null))
    const stormIds = stormGrants.map((g) => g.id)
    const fdKinds = { dir: path.join(work, "uploads"), pgPort: Number(new URL(databaseUrl).port), httpPort: port }
    const random = seededRandom(seed)
    const cuts = Array.from({ length: STORM }, () => Math.floor(random() * STORM_FILE))
    // Warm-up (its own grant): the paths, the pool's connections and the
    // buffers a storm uses exist before the baseline is taken.
    const warm = await grantLink(assets.storm.id)
    await pool(Array.from({ length: 64 }, (_, i) => Math.floor(((i + 0.5) / 64) * STORM_FILE)), 32, (cut) => cutDownload(warm.url, cut))
    await waitSettled(db, [warm.id])
    await new Promise((r) => setTimeout(r, 5000))
    const before = { fds: descriptors(medusa.pid, fdKinds), rss: rss(medusa.pid) }
    const started = process.hrtime.bigint()
    const storm = await withRss(medusa.pid, () => pool(cuts, 32, (cut, i) => cutDownload(stormGrants[i % stormGrants.length].url, cut)))
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
    const after = { fds: descriptors(medusa.pid, fdKinds), rss: rss(medusa.pid) }
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
    const EARLY = quick ? 100 : 500
    const earlyRuns = await pool(Array.from({ length: EARLY }, () => random() * 20), 32, (ms) => abandonedRequest(early.url, ms))
    const earlySettled = await waitSettled(db, [early.id], { timeoutMs: 5000, tolerate: true })
    const { rows: earlyEvents } = await db.query("SELECT count(*)::int AS n FROM download_event WHERE grant_id = $1", [early.id])
    await new Promise((r) => setTimeout(r, 5000))
    const afterEarly = descriptors(medusa.pid, fdKinds)
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
    const fdGrowth = after.fds.total - after.fds.postgres - (before.fds.total - before.fds.postgres)
    const rssGrowth = (after.rss - before.rss) / MiB
    const meteredVsHanded = metered / handed
    const pass = {
      metering: Math.abs(meteredVsHanded - 1) <= 0.01,
      descriptors: fdGrowth <= 4 && after.fds.files_under_dir === 0 && after.fds.postgres <= 20,
      rss: rssGrowth <= 20,
      all_admitted: (statuses[200] ?? 0) === STORM,
      abandoned_settled: earlyFigure.reserved_copies_never_settled === 0 && earlyFigure.fds_on_the_file_5s_later === 0,
    }
    results.figures.abort_storm = {
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

  // ------------------------------------------------------------ download manager
  if (want("dm")) {
    if (!hasAria2c()) {
      log("download manager: skipped: aria2c not installed")
      results.figures.download_manager = { skipped: "aria2c not installed" }
    } else {
      log(`download manager: aria2c -x8 -s8 -k1M on ${MEDIUM / MiB} MiB, limit 2, ${DM_RUNS} runs…`)
      const expected = await sha256(files.medium)
      const runs = []
      for (let i = 0; i < DM_RUNS; i++) {
        const link = await grantLink(assets.medium.id, 2)
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-aria2c-"))
        try {
          const got = await aria2c(link.url, dir, "medium.bin")
          const ok = (await sha256(got.file)) === expected
          // A reservation still held 5 s after aria2c exited belongs to a
          // request that never settled: it counts against the limit as usage
          // does (admission compares usage + reserved with the limit).
          const settled = await waitSettled(db, [link.id], { timeoutMs: 5000, tolerate: true })
          const { rows } = await db.query("SELECT count(*)::int AS n FROM download_event WHERE grant_id = $1", [link.id])
          runs.push({
            downloads_used: settled.downloads_used,
            reserved_never_settled: settled.reserved_left,
            counted_against_limit: settled.downloads_used + settled.reserved_left,
            bytes_sent_vs_size: settled.bytes_sent / MEDIUM,
            events: rows[0].n,
            sha256_ok: ok,
            seconds: got.seconds,
          })
        } finally {
          fs.rmSync(dir, { recursive: true, force: true })
        }
      }
      const used = runs.map((r) => r.downloads_used)
      const held = runs.map((r) => r.counted_against_limit)
      results.figures.download_manager = {
        what: `aria2c -x8 -s8 -k1M --min-split-size=1M --file-allocation=none on a ${MEDIUM / MiB} MiB file, a fresh grant with a limit of 2 each run: downloads_used once settled (and any reservation still held 5 s after aria2c exited, which counts against the limit too), sha256 of the file checked`,
        runs,
        downloads_used: used,
        median_downloads_used: median(used),
        max_downloads_used: Math.max(...used),
        counted_against_limit: held,
        median_counted_against_limit: median(held),
        max_counted_against_limit: Math.max(...held),
        all_sha256_ok: runs.every((r) => r.sha256_ok),
        target: "≤ 1.10 each run (usage plus reservations never settled), file intact",
      }
    }
  }

  // ------------------------------------------------------------ request overhead
  if (want("overhead")) {
    // BENCH_COMPARE: a second Medusa with the other version of the plugin (its
    // own bench host, port and database), idle while this one is measured.
    let cmp = null
    if (compareSpec) {
      const other = prepareComparePlugin(root, compareSpec, work, log)
      log(`compare: starting a second Medusa with the plugin at ${other.label}…`)
      await pgServer.createDatabase("medusa_bench_compare")
      const cmpUrl = pgServer.url("medusa_bench_compare")
      const cmpPort = await freePort(0)
      const cmpEnv = { ...env, DATABASE_URL: cmpUrl, PORT: String(cmpPort), BENCH_DATA_DIR: path.join(work, "compare-data") }
      spawnSync(process.execPath, [medusaCli, "db:migrate"], { cwd: other.host, env: cmpEnv, stdio: "ignore" })
      spawnSync(process.execPath, [medusaCli, "user", "-e", "bench@example.com", "-p", "bench-password"], { cwd: other.host, env: cmpEnv, stdio: "ignore" })
      const proc = await startChild(process.execPath, [medusaCli, "start"], { cwd: other.host, env: cmpEnv })
      const cmpBase = `http://localhost:${cmpPort}`
      for (let i = 0; ; i++) {
        if (await fetch(`${cmpBase}/health`).then((r) => r.ok, () => false)) break
        if (i > 600) throw new Error("the compare Medusa did not start")
        await new Promise((r) => setTimeout(r, 200))
      }
      const cmpApi = client(cmpBase)
      const login = await cmpApi.post("/auth/user/emailpass", { email: "bench@example.com", password: "bench-password" })
      const cmpDb = new pg.Client({ connectionString: cmpUrl })
      await cmpDb.connect()
      cmpDb.on("error", () => {}) // the server stops before the client when the bench fails
      cmp = { label: other.label, proc, pid: proc.pid, base: cmpBase, api: cmpApi, A: { authorization: `Bearer ${login.token}` }, db: cmpDb }
      const form = new FormData()
      form.append("file", await fs.openAsBlob(files.small), path.basename(files.small))
      const asset = (await cmpApi.post("/admin/digital-assets", form, cmp.A)).digital_asset
      cmp.links = await Promise.all(Array.from({ length: 64 }, () => grantLinkOn(cmp, asset.id)))
      // warm-up of both routes (a cold bare route would flatter the first ratio)
      await cannon(`${cmpBase}/bench/static-4k`, { connections: 16, seconds: 2 })
      await cannon(cmp.links[0].url, { connections: 16, seconds: 2, urls: cmp.links.map((l) => l.url) })
    }
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
      results.figures.overhead_before_after = {
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
    const cpu = { serverPid: medusa.pid, postgresDataDir: pgServer.dataDir }
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
    results.figures.request_overhead = {
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

  // ------------------------------------------------------------ delivery
  if (want("delivery")) {
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
    results.figures.delivery = {
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

  // ------------------------------------------------------------ checkout (with / without the plugin)
  if (want("checkout")) {
    log(`checkout: ${CHECKOUT_PAIRS} alternating pairs of ${CHECKOUT_SECONDS} s bursts of orders, with and without the plugin…`)
    // Two fresh Medusa processes, each on its own copy of the migrated seed
    // database (the copy without the plugin keeps the plugin's tables: unused).
    const { BENCH_WITHOUT_PLUGIN: _unused, ...hostEnv } = env
    const startHost = async (name, extraEnv) => {
      const dbName = `medusa_bench_checkout_${name}`
      await copyDatabase(pgServer, "medusa_bench_seed", dbName)
      const hostPort = await freePort(0)
      const envOf = { ...hostEnv, ...extraEnv, DATABASE_URL: pgServer.url(dbName), PORT: String(hostPort), BENCH_DATA_DIR: path.join(work, `checkout-${name}`) }
      const proc = await startChild(process.execPath, [medusaCli, "start"], { cwd: host, env: envOf })
      const hostBase = `http://localhost:${hostPort}`
      for (let i = 0; ; i++) {
        if (await fetch(`${hostBase}/health`).then((r) => r.ok, () => false)) break
        if (i > 600) throw new Error(`the checkout Medusa (${name}) did not start`)
        await new Promise((r) => setTimeout(r, 200))
      }
      const hostApi = client(hostBase)
      const login = await hostApi.post("/auth/user/emailpass", { email: "bench@example.com", password: "bench-password" })
      const hostDb = new pg.Client({ connectionString: pgServer.url(dbName) })
      hostDb.on("error", () => {})
      await hostDb.connect()
      return { name, proc, base: hostBase, api: hostApi, A: { authorization: `Bearer ${login.token}` }, db: hostDb }
    }
    const [withPlugin, withoutPlugin] = await Promise.all([startHost("with", {}), startHost("without", { BENCH_WITHOUT_PLUGIN: "1" })])
    try {
      // The same store on both; with the plugin each variant carries a 4 KiB file.
      const form = new FormData()
      form.append("file", await fs.openAsBlob(files.small), path.basename(files.small))
      const ebook = (await withPlugin.api.post("/admin/digital-assets", form, withPlugin.A)).digital_asset
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
      results.figures.checkout = {
        what: `Medusa's own checkout with and without the plugin: buyers check out 4 at a time (here one order takes seconds: 8 at a time made every run a whole number of 8-order waves) for ${CHECKOUT_SECONDS} s (the orders under way at the deadline finish and count), each the whole way (cart, line item, address, payment session, complete, then the admin's capture); two fresh Medusa processes on copies of one migrated database, seeded the same way (${CHECKOUT_PRODUCTS} one-variant products; with the plugin each variant carries a 4 KiB file, so each captured order is delivered in the background: 1 grant, 1 email queued, waited for before the next burst); after a ${CHECKOUT_WARMUP_SECONDS} s warm-up each, ${CHECKOUT_PAIRS} pairs alternating with/without then without/with; ratio = median of the pairs' ratios`,
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

  // ------------------------------------------------------------ launch (1,000 buyers at once)
  if (want("launch")) {
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
    const launchFds = { dir: path.join(work, "uploads"), pgPort: Number(new URL(databaseUrl).port), httpPort: port }
    // Warm-up: both servers, 32 connections (the file in the page cache, the pool's connections open).
    await swarm(bareUrls.slice(0, 32))
    await swarm(launchUrls.slice(0, 32))
    await waitSettled(db, launchIds)
    await new Promise((r) => setTimeout(r, 3000))
    const launchBefore = { fds: descriptors(medusa.pid, launchFds), rss: rss(medusa.pid), bare_rss: rss(bareServer.pid) }
    const overflows = () => {
      const lines = fs.readFileSync("/proc/net/netstat", "utf8").split("\n").filter((l) => l.startsWith("TcpExt:"))
      const keys = lines[0].split(/\s+/)
      return Number(lines[1].split(/\s+/)[keys.indexOf("ListenOverflows")])
    }
    const launchPairs = []
    for (let i = 0; i < LAUNCH_PAIRS; i++) {
      const one = async (who) => {
        const o = overflows()
        const m = who === "plugin" ? await withRss(medusa.pid, () => swarm(launchUrls)) : await withRss(bareServer.pid, () => swarm(bareUrls))
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
    const launchAfter = { fds: descriptors(medusa.pid, launchFds), rss: rss(medusa.pid), bare_rss: rss(bareServer.pid) }
    const { rows: launchEvents } = await db.query("SELECT count(*)::int AS n FROM download_event WHERE grant_id = ANY($1) AND outcome = 'served'", [launchIds])
    const middle = [...launchPairs].sort((a, b) => a.ratio - b.ratio)[Math.floor(launchPairs.length / 2)]
    const fdGrowth = launchAfter.fds.total - launchAfter.fds.postgres - (launchBefore.fds.total - launchBefore.fds.postgres)
    const rssAfterGrowth = (launchAfter.rss - launchBefore.rss) / MiB
    results.figures.launch = {
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

  // ------------------------------------------------------------ zip (the order's "download all")
  if (want("zip")) {
    log(`zip: the order ZIP of 4 × ${MEDIUM / MiB} MiB vs the same files as 4 single downloads, ${ZIP_PAIRS} pairs…`)
    // One order with 4 grants (the same stored file on 4 lines: the ZIP names them "medium.bin", "medium (2).bin"…).
    const zipIds = [0, 1, 2, 3].map((i) => `dgrant_zip_${i}`)
    await db.query(
      `INSERT INTO download_grant (id, order_id, line_item_id, asset_id, max_downloads, enabled, token_version, delivered_at)
       SELECT id, 'order_zip_bench', id, $2, NULL, true, 1, now() FROM unnest($1::text[]) AS id`,
      [zipIds, assets.medium.id]
    )
    const delivery = await api.get("/admin/orders/order_zip_bench/digital-delivery", A)
    const zipUrl = `${base}${new URL(delivery.order_page_url).pathname}/zip`
    const singleUrls = delivery.download_grants.map((g) => base + new URL(g.download_url).pathname)
    if (singleUrls.length !== 4) throw new Error(`zip: ${singleUrls.length} grants on the order, 4 expected`)
    const payload = 4 * MEDIUM
    const singles = async () => {
      let seconds = 0
      for (const u of singleUrls) seconds += (await curl(u)).seconds
      return seconds
    }
    await curl(zipUrl) // warm-up
    await singles()
    const zipPairs = []
    for (let i = 0; i < ZIP_PAIRS; i++) {
      const zipFirst = i % 2 === 1
      const z1 = zipFirst ? await curl(zipUrl) : null
      const singleSeconds = await singles()
      const z = z1 ?? (await curl(zipUrl))
      if (z.bytes < payload) throw new Error(`zip: ${z.bytes} bytes, less than the 4 files`)
      zipPairs.push({ zip_MBps: payload / z.seconds / 1e6, singles_MBps: payload / singleSeconds / 1e6, ratio: singleSeconds / z.seconds, archive_bytes: z.bytes })
    }
    await waitSettled(db, zipIds)
    const { rows: zipUsage } = await db.query("SELECT sum(downloads_used)::float8 AS used FROM download_grant WHERE id = ANY($1)", [zipIds])
    results.figures.zip = {
      what: `one order with 4 files of ${MEDIUM / MiB} MiB: its ZIP ("download all", stored entries, streamed) in one download vs the same 4 files as single downloads one after the other (one client, curl to /dev/null, time_total summed); MB/s of the files' bytes (${payload / MiB} MiB) for both; ${ZIP_PAIRS} pairs alternating, the median ratio`,
      file_MiB: MEDIUM / MiB,
      zip_MBps: median(zipPairs.map((p) => p.zip_MBps)),
      singles_MBps: median(zipPairs.map((p) => p.singles_MBps)),
      ratio: median(zipPairs.map((p) => p.ratio)),
      archive_overhead_bytes: zipPairs[0].archive_bytes - payload,
      downloads_used_after: zipUsage[0].used,
      downloads_expected: 4 * 2 * (ZIP_PAIRS + 1),
      pairs: zipPairs,
      target: "≥ 0.8",
    }
  }

  // ------------------------------------------------------------ admin
  if (want("admin")) {
    // Synthetic rows, as the plugin writes them, with every index in place (as a
    // store that grew to this size has them), then VACUUM ANALYZE (what autovacuum
    // leaves after a bulk load). Row n's values are a function of n, so a larger
    // scale only adds the rows it lacks; newer rows have smaller n. Orders: 1 in 50
    // awaiting payment. Grants: two per order, 1 in 17 disabled, 1 in 23 revoked,
    // 1 in 6 expired, limit 5 (2 in 7 at or over it), 1 in 1009 shared from 5+ addresses.
    const inserted = { grants: 0, events: 0 }
    const topUp = async (grants, events) => {
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
        [inserted.grants, grants, assets.small.id]
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
    const nextPage = async (url) => {
      const body = await (await fetch(base + url, { headers: A })).json()
      return body.next_cursor ? `${url}&cursor=${encodeURIComponent(body.next_cursor)}` : `${url}&offset=${body.limit}`
    }
    /**
     * BENCH_ADMIN_EXPLAIN=1: EXPLAIN (ANALYZE, BUFFERS) of every statement the
     * built plugin's service sends for each list (captured from its knex), into
     * bench/results/<file>.
     */
    const explainAdminQueries = async (queries, file) => {
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
    for (const scale of ADMIN_SCALES) {
      const [grants, events] = [ADMIN_GRANTS * scale, ADMIN_EVENTS * scale]
      log(`admin: ${grants} grants and ${events} events…`)
      const insertStarted = Date.now()
      await topUp(grants, events)
      const insertSeconds = (Date.now() - insertStarted) / 1000
      const adminQueries = {
        "grants: newest page": "/admin/download-grants?limit=20",
        "grants: next page": await nextPage("/admin/download-grants?limit=20"),
        ...Object.fromEntries(
          ["active", "disabled", "expired", "exhausted", "revoked"].map((s) => [`grants: status=${s}`, `/admin/download-grants?status=${s}&limit=20`])
        ),
        "grants: search by email": "/admin/download-grants?q=buyer4242%40example.com&limit=20",
        "grants: search by part of an email": "/admin/download-grants?q=buyer4242&limit=20",
        "deliveries: newest page": "/admin/digital-delivery/orders?limit=20",
        "deliveries: next page": await nextPage("/admin/digital-delivery/orders?limit=20"),
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
      const admin = {}
      for (const [name, url] of Object.entries(adminQueries)) {
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
      if (process.env.BENCH_ADMIN_EXPLAIN) await explainAdminQueries(adminQueries, `admin-plans-${grants}.txt`).catch((e) => log(`admin: no query plans: ${e.stack}`))
      const target = scale >= 10 ? 300 : 150
      results.figures[scale === 1 ? "admin" : `admin_x${scale}`] = {
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

  await db.end()
} catch (err) {
  // Our own failures are one sentence; anything else keeps its stack for debugging.
  console.error(err instanceof EmbeddedPostgresError ? `\nThe benchmark needs PostgreSQL and the embedded one did not start. ${err.message}` : err)
  process.exitCode = 1
} finally {
  await cleanup()
}

// ------------------------------------------------------------ report
const cpus = os.cpus()
results.machine = {
  cpu: cpus[0]?.model ?? "unknown",
  cores: cpus.length,
  memory_GiB: Math.round(os.totalmem() / GiB),
  node: process.version,
  os: `${os.type()} ${os.release()}`,
  date: new Date().toISOString(),
  command: `${["BENCH_COMPARE", "BENCH_COMPARE_ORDER", "BENCH_OVERHEAD_PAIRS", "BENCH_SEED"].filter((k) => process.env[k]).map((k) => `${k}=${process.env[k]} `).join("")}npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
  duration_s: Math.round((Date.now() - t0) / 1000),
}
if (!process.exitCode) {
  fs.mkdirSync(path.join(root, "bench", "results"), { recursive: true })
  const name = only ? "partial" : quick ? "quick" : "latest"
  fs.writeFileSync(path.join(root, "bench", "results", `${name}.json`), JSON.stringify(results, null, 2) + "\n")
  const { toMarkdown } = await import("../bench/lib/report.mjs")
  const md = toMarkdown(results)
  fs.writeFileSync(path.join(root, "bench", "results", `${name}.md`), md)
  console.log("\n" + md)
}
