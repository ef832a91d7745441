#!/usr/bin/env node
// `npm run bench`: the download path against baselines measured in the same run.
// Starts everything itself: an embedded PostgreSQL, a Medusa app with the built
// plugin (production mode, file-local storage), a bare Node file server.
// Writes bench/results/latest.json and bench/results/latest.md.
// Options: --quick (fewer runs, smaller files: a smoke test of the script),
// --only <figures> (comma-separated: throughput, concurrency, resume, abortstorm,
// dm, overhead, delivery, checkout, launch, zip, admin, campaign, stamping).
// checkout: Medusa's own checkout burst (cart → complete → capture) on two
// fresh Medusa processes, with and without the plugin (BENCH_WITHOUT_PLUGIN=1
// in bench/host), each on a copy of one migrated database; launch: 1,000
// buyers download a 16 MiB file at once, plugin vs bare Node (one client
// process, bench/lib/swarm.mjs); zip: the order ZIP of 4 × 64 MiB vs the
// same four files downloaded one after the other; campaign: an update campaign
// to 100,000 buyers recorded, then sent through a provider that answers at
// once, throttle off (bench/figures/campaign.mjs); stamping: a stamped 300-page,
// ~100 MB PDF, each buyer's first download (stamped then sent) vs the next
// (bench/figures/stamping.mjs). --quick scales them down.
// BENCH_COMPARE=<git ref | directory>: also measures the request overhead of the
// plugin at that commit (e.g. 695bf75, before byte metering), alternating with
// this one in the same run (bench/lib/compare.mjs), e.g.
//   BENCH_COMPARE=695bf75 npm run bench -- --only overhead
// BENCH_COMPARE_ORDER=abba: old/new, new/old, old/new… instead of old/new each time;
// BENCH_OVERHEAD_PAIRS=<n>: that many pairs (default 3).
// BENCH_SEED=<n>: the seed of the abort storm's cut points (default 12).
// BENCH_CAMPAIGN_BUYERS=<n>: the campaign figure's buyers (default 100,000; 5,000 with --quick).
// --scale <n>[,<m>…]: the admin figure at n × 100k grants / 1M events (10k / 100k
// with --quick); several sizes are measured in turn, the data topped up in between,
// e.g. `npm run bench -- --only admin --scale 1,10` (100k/1M then 1M/10M).
// Each figure is a module in bench/figures/ (run(ctx): it sets its entries of
// results.figures); the wall seconds of setup and of each figure are in
// results.seconds and printed at the end.
import { spawnSync } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { EmbeddedPostgresError, freePort, startEmbeddedPostgres } from "./embedded-postgres.mjs"
import { makeFile } from "../bench/lib/measure.mjs"
import { GiB, MiB, grantLinkOn, prepareDatabase, startChild, startMedusa, stopChildren, uploadAsset } from "../bench/lib/medusa.mjs"
import { copyDatabase } from "../bench/lib/checkout.mjs"
import { timePerPart, toMarkdown } from "../bench/lib/report.mjs"
import * as transfer from "../bench/figures/transfer.mjs"
import * as abortstorm from "../bench/figures/abortstorm.mjs"
import * as dm from "../bench/figures/dm.mjs"
import * as overhead from "../bench/figures/overhead.mjs"
import * as delivery from "../bench/figures/delivery.mjs"
import * as checkout from "../bench/figures/checkout.mjs"
import * as launch from "../bench/figures/launch.mjs"
import * as zip from "../bench/figures/zip.mjs"
import * as admin from "../bench/figures/admin.mjs"
import * as campaign from "../bench/figures/campaign.mjs"
import * as stamping from "../bench/figures/stamping.mjs"

/** The figures in the order they run, by their --only names. */
const FIGURES = {
  throughput: transfer.throughput,
  concurrency: transfer.concurrency,
  resume: transfer.resume,
  abortstorm: abortstorm.run,
  dm: dm.run,
  overhead: overhead.run,
  delivery: delivery.run,
  checkout: checkout.run,
  launch: launch.run,
  zip: zip.run,
  admin: admin.run,
  campaign: campaign.run,
  stamping: stamping.run,
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const host = path.join(root, "bench", "host")
const quick = process.argv.includes("--quick")
const onlyArg = process.argv[process.argv.indexOf("--only") + 1]
const only = process.argv.includes("--only") ? onlyArg.split(",") : null
/** --only throughput,concurrency,resume,abortstorm,dm,overhead,delivery,checkout,launch,zip,admin,campaign,stamping runs a part of the bench. */
const want = (name) => !only || only.includes(name)
const RUNS = quick ? 1 : 3
const sizes = {
  BIG: quick ? 128 * MiB : GiB,
  MEDIUM: quick ? 16 * MiB : 64 * MiB,
  LARGE_MEDIUM: quick ? 32 * MiB : 256 * MiB,
  STORM_FILE: 16 * MiB,
}
/** --scale 1,10: the admin figure at each multiple of its grants / events (default 1). */
const adminScales = process.argv.includes("--scale")
  ? process.argv[process.argv.indexOf("--scale") + 1].split(",").map(Number).sort((a, b) => a - b)
  : [1]
if (!adminScales.every((n) => Number.isInteger(n) && n >= 1)) throw new Error("--scale takes whole numbers ≥ 1, e.g. --scale 1,10")
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

let pgServer = null
async function cleanup() {
  await stopChildren({ profiling: Boolean(process.env.BENCH_PROFILE) })
  if (pgServer) await pgServer.stop().catch(() => {})
  fs.rmSync(path.join(host, "static"), { recursive: true, force: true })
}
process.on("SIGINT", () => cleanup().then(() => process.exit(130)))
process.on("SIGTERM", () => cleanup().then(() => process.exit(143)))

const results = { machine: {}, figures: {}, seconds: {} }
// Each figure is printed as soon as it is measured.
results.figures = new Proxy(results.figures, {
  set(target, key, value) {
    target[key] = value
    log(`${String(key)}: ${JSON.stringify(value)}`)
    return true
  },
})
/** Runs one part of the bench and records its wall seconds under `name`. */
async function timed(name, fn) {
  const started = Date.now()
  try {
    return await fn()
  } finally {
    results.seconds[name] = Math.round((Date.now() - started) / 1000)
  }
}
let main = null
try {
  // ------------------------------------------------------------ setup
  const ctx = await timed("setup", async () => {
    log("building the plugin…")
    spawnSync(process.execPath, [medusaCli, "plugin:build"], { cwd: root, stdio: "ignore" })
    const link = path.join(host, "node_modules", "medusa-plugin-digital-delivery")
    fs.mkdirSync(path.dirname(link), { recursive: true })
    if (!fs.existsSync(link)) fs.symlinkSync(path.relative(path.dirname(link), root), link, "dir")

    log("generating files…")
    // The admin, campaign and stamping figures use the small file only (stamping writes its own PDF): alone, they skip the large ones.
    const smallOnly = only && only.every((name) => ["admin", "campaign", "stamping"].includes(name))
    const files = smallOnly
      ? { small: path.join(filesDir, "small.bin") }
      : { big: path.join(filesDir, "big.bin"), medium: path.join(filesDir, "medium.bin"), largeMedium: path.join(filesDir, "large-medium.bin"), small: path.join(filesDir, "small.bin"), storm: path.join(filesDir, "storm.bin") }
    const fileSizes = { big: sizes.BIG, medium: sizes.MEDIUM, largeMedium: sizes.LARGE_MEDIUM, small: 4096, storm: sizes.STORM_FILE }
    for (const [k, f] of Object.entries(files)) await makeFile(f, fileSizes[k])
    // What a store without the plugin would do: serve them from Medusa's public /static.
    fs.mkdirSync(path.join(host, "static"), { recursive: true })
    for (const f of Object.values(files)) fs.copyFileSync(f, path.join(host, "static", path.basename(f)))

    log("starting PostgreSQL and Medusa…")
    pgServer = await startEmbeddedPostgres({ dir: path.join(work, "pg") })
    await pgServer.createDatabase("medusa_bench")
    const databaseUrl = pgServer.url("medusa_bench")
    const port = await freePort(0)
    const env = { ...process.env, NODE_ENV: "production", DATABASE_URL: databaseUrl, PORT: String(port), BENCH_DATA_DIR: work, LOG_LEVEL: "error", MEDUSA_DISABLE_TELEMETRY: "true" }
    prepareDatabase(medusaCli, host, env)
    // The checkout figure's hosts start from copies of this migrated database (nobody connected to it yet).
    if (want("checkout")) await copyDatabase(pgServer, "medusa_bench", "medusa_bench_seed")
    // BENCH_PROFILE=<dir>: a CPU profile of the Medusa process, written when it stops.
    const nodeArgs = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []
    main = await startMedusa(medusaCli, { cwd: host, env, nodeArgs })
    const barePort = await freePort(0)
    const bareServer = await startChild(process.execPath, [path.join(root, "bench", "lib", "bare-server.mjs"), filesDir, String(barePort)], {}, /ready/)

    log("uploading the files through the admin API…")
    const assets = {}
    for (const [k, f] of Object.entries(files)) assets[k] = await uploadAsset(main, f)
    // The files were just written (about 3 GiB in a full run): write them out
    // now, not while the first figures read them (a run on 2026-11-30 read
    // Medusa's copies 4× slower than the bare server's while the kernel wrote).
    spawnSync("sync")
    return {
      root, host, work, medusaCli, quick, RUNS, sizes, adminScales, log, figures: results.figures,
      files, assets, pgServer, env, databaseUrl, main, bareServer, bare: `http://127.0.0.1:${barePort}`,
      /** Descriptors of the Medusa process counted by kind (bench/lib/storm.mjs descriptors). */
      fdKinds: { dir: path.join(work, "uploads"), pgPort: Number(new URL(databaseUrl).port), httpPort: port },
      /** A grant on an asset of the main host: its id and link. */
      grantLink: (assetId, max = null) => grantLinkOn(main, assetId, max),
    }
  })

  for (const [name, run] of Object.entries(FIGURES)) if (want(name)) await timed(name, () => run(ctx))
} catch (err) {
  // Our own failures are one sentence; anything else keeps its stack for debugging.
  console.error(err instanceof EmbeddedPostgresError ? `\nThe benchmark needs PostgreSQL and the embedded one did not start. ${err.message}` : err)
  process.exitCode = 1
} finally {
  await main?.db.end().catch(() => {})
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
  command: `${["BENCH_COMPARE", "BENCH_COMPARE_ORDER", "BENCH_OVERHEAD_PAIRS", "BENCH_SEED", "BENCH_CAMPAIGN_BUYERS", "BENCH_CAMPAIGN_SEND"].filter((k) => process.env[k]).map((k) => `${k}=${process.env[k]} `).join("")}npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
  duration_s: Math.round((Date.now() - t0) / 1000),
}
if (!process.exitCode) {
  fs.mkdirSync(path.join(root, "bench", "results"), { recursive: true })
  const name = only ? "partial" : quick ? "quick" : "latest"
  fs.writeFileSync(path.join(root, "bench", "results", `${name}.json`), JSON.stringify(results, null, 2) + "\n")
  const md = toMarkdown(results)
  fs.writeFileSync(path.join(root, "bench", "results", `${name}.md`), md)
  console.log("\n" + md)
}
log(`time per part: ${timePerPart(results.seconds)}`)
