#!/usr/bin/env node
// `npm test`: unit, module and HTTP suites on a real PostgreSQL. When DB_HOST is
// not set, an embedded PostgreSQL is started for the run and removed after it.
// "cluster" starts its own PostgreSQL (it restarts it), Redis and S3 server and
// two Medusa instances (integration-tests/cluster, node:test).
// "scripts" tests the embedded PostgreSQL helper (node:test, its own servers).
// Usage: node scripts/test.mjs [unit|scripts|modules|http|cluster ...] [-- extra jest args]
import { spawn, spawnSync } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { startEmbeddedPostgres } from "./embedded-postgres.mjs"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
// --no-build: use the plugin build already in .medusa/server.
const noBuild = process.argv.includes("--no-build")
const argv = process.argv.slice(2).filter((a) => a !== "--no-build")
const sep = argv.indexOf("--")
const requested = (sep === -1 ? argv : argv.slice(0, sep)).filter(Boolean)
const jestExtra = sep === -1 ? [] : argv.slice(sep + 1)
const ALL = ["unit", "scripts", "modules", "http", "cluster"]
const suites = requested.length ? requested : ALL
for (const s of suites) {
  if (!ALL.includes(s)) {
    console.error(`Unknown suite "${s}". Use one of: ${ALL.join(", ")}`)
    process.exit(2)
  }
}

function run(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } })
    let output = ""
    child.stdout.on("data", (d) => {
      output += d
      process.stdout.write(d)
    })
    child.stderr.on("data", (d) => {
      output += d
      process.stderr.write(d)
    })
    child.on("close", (code) => resolve({ code: code ?? 1, output }))
  })
}

let pg = null
let tmpDir = null
const stop = async () => {
  if (pg) {
    const p = pg
    pg = null
    await p.stop().catch(() => undefined)
  }
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true })
}
process.on("SIGINT", () => stop().then(() => process.exit(130)))
process.on("SIGTERM", () => stop().then(() => process.exit(143)))

const env = { NODE_OPTIONS: "--experimental-vm-modules", LOG_LEVEL: process.env.LOG_LEVEL ?? "error" }
if (suites.some((s) => s === "modules" || s === "http")) {
  if (process.env.DB_HOST) {
    console.log(`Using the PostgreSQL server at ${process.env.DB_HOST}:${process.env.DB_PORT ?? 5432}`)
  } else {
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "dd-test-pg-"))
    try {
      pg = await startEmbeddedPostgres({ dir: path.join(tmpDir, "data") })
    } catch (err) {
      console.error(`\nThe tests need PostgreSQL and the embedded one did not start. ${err.message}`)
      await stop()
      process.exit(1)
    }
    console.log(`Started an embedded PostgreSQL on port ${pg.port}`)
    Object.assign(env, { DB_HOST: "localhost", DB_PORT: String(pg.port), DB_USERNAME: pg.user, DB_PASSWORD: pg.password })
  }
}

let passed = 0
let failed = 0
let exitCode = 0

/** Runs a folder of node:test files one at a time and adds up their results. */
async function nodeTests(dir) {
  const { code, output } = await run(process.execPath, ["--test", "--test-concurrency=1", dir], { LOG_LEVEL: env.LOG_LEVEL })
  const pass = /^# pass (\d+)/m.exec(output)
  const fail = /^# fail (\d+)/m.exec(output)
  passed += Number(pass?.[1] ?? 0)
  failed += Number(fail?.[1] ?? 0)
  if (code !== 0) {
    exitCode = code
    if (!fail || fail[1] === "0") failed += 1
  }
}
let skippedCluster = false
try {
  if (!noBuild && (suites.includes("http") || suites.includes("cluster"))) {
    // The HTTP suites load the built plugin, exactly as a host store does.
    const build = await run("npx", ["medusa", "plugin:build"])
    if (build.code !== 0) throw new Error("medusa plugin:build failed")
  }
  for (const suite of suites) {
    console.log(`\n=== ${suite} tests ===`)
    if (suite === "cluster") {
      // Debian's redis-server (or REDIS_URL) is the one thing this suite needs
      // beyond npm. CI installs it and sets DD_REQUIRE_CLUSTER=1 so it never skips.
      const hasRedis = process.env.REDIS_URL || spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0
      if (!hasRedis) {
        const message = "cluster suite: redis-server not found (apt-get install redis-server, or set REDIS_URL)"
        if (process.env.DD_REQUIRE_CLUSTER) throw new Error(message)
        console.log(`SKIPPED ${message}`)
        skippedCluster = true
        continue
      }
      await nodeTests("integration-tests/cluster/")
      continue
    }
    if (suite === "scripts") {
      // The embedded PostgreSQL helper every script shares (it starts its own servers).
      await nodeTests("scripts/__tests__/")
      continue
    }
    // The apps' own console output (migrations, knex's pool notices) is left
    // out so that a failure's report is what a short CI log shows; set
    // DD_TEST_LOGS=1 to see it.
    const quiet = process.env.DD_TEST_LOGS ? [] : ["--silent"]
    // Each HTTP spec boots a whole Medusa app, and jest keeps what every spec
    // loaded until its process ends: in one process the suite grew to 4.5 GB and
    // V8 aborted (heap out of memory) at the 22nd spec. So the HTTP specs run in
    // worker processes that jest replaces once they hold more than the limit
    // after a spec, two at a time (each app waits on PostgreSQL and timers as
    // much as it computes). DD_TEST_WORKERS=1 runs them one at a time.
    const workers = suite === "http"
      ? [`--maxWorkers=${process.env.DD_TEST_WORKERS ?? 2}`, "--workerIdleMemoryLimit=1200MB"]
      : ["--runInBand"]
    const args = ["jest", ...workers, "--forceExit", ...quiet, ...jestExtra]
    const { code, output } = await run("npx", args, { ...env, TEST_TYPE: suite })
    const summary = /Tests:\s+(?:(\d+) failed, )?(?:\d+ skipped, )?(?:(\d+) passed, )?\d+ total/.exec(output)
    if (summary) {
      failed += Number(summary[1] ?? 0)
      passed += Number(summary[2] ?? 0)
    }
    if (code !== 0) {
      exitCode = code
      if (!summary) failed += 1
    }
  }
} catch (err) {
  console.error(err.message)
  exitCode = 1
} finally {
  await stop()
}
if (skippedCluster) console.log("\nThe cluster suite was skipped: install redis-server to run it.")
console.log(`\n${passed} passed, ${failed} failed`)
process.exit(exitCode)
