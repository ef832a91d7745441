#!/usr/bin/env node
// `npm run test:package`: tests what a store installs, not this repository.
//
// 1. `npm pack` (its `prepare` runs `medusa plugin:build`) and checks the tarball's files.
// 2. For each Medusa version (default: the lowest and the highest we support;
//    `MEDUSA_VERSIONS=2.21.2` or `node scripts/test-package.mjs 2.21.2` to pick), a
//    fresh store in its own temp folder (package-test/scaffold.mjs): the package.json
//    `create-medusa-app` writes + the tarball, `npm install` (a peer conflict fails
//    the test; package-test/install.mjs), the README's medusa-config.ts,
//    `medusa db:migrate`, `medusa user`, `medusa build`, and a production start from
//    `.medusa/server` (package-test/medusa.mjs).
// 3. A short story over HTTP (package-test/sale.mjs): admin upload → variant → guest
//    order → capture → grant + email → the emailed link downloads the same bytes.
// 4. The built Admin in Chromium: the plugin's order widget renders (package-test/admin-browser.mjs).
//
// One embedded PostgreSQL for the whole run, one database per version.
// KEEP=1 keeps a failed store's folder (its logs are in <store>/logs).
import fs from "node:fs"
import path from "node:path"
import { startFakeResend } from "../integration-tests/helpers/fake-resend.js"
import { startEmbeddedPostgres } from "./embedded-postgres.mjs"
import { chromiumPath, closeBrowser, orderWidgetShows } from "./package-test/admin-browser.mjs"
import { npmInstall, packPlugin, promisedImports, singleCopies } from "./package-test/install.mjs"
import { build, createAdminUser, migrate, startBuilt, stopServer } from "./package-test/medusa.mjs"
import { atCleanup, cleanup, keepDir, keptDirList, StepError, tempDir } from "./package-test/process.mjs"
import { anyFailed, check, inOrder, printTimings, summary, timedStep } from "./package-test/report.mjs"
import { sale } from "./package-test/sale.mjs"
import { newStore, writeStore } from "./package-test/scaffold.mjs"

const DEFAULT_VERSIONS = ["2.20.0", "2.21.2"]
const versions = (() => {
  const fromArgs = process.argv.slice(2).filter((a) => /^\d+\.\d+\.\d+/.test(a))
  if (fromArgs.length) return fromArgs
  const fromEnv = (process.env.MEDUSA_VERSIONS ?? "").split(/[\s,]+/).filter(Boolean)
  return fromEnv.length ? fromEnv : DEFAULT_VERSIONS
})()
const KEEP = process.env.KEEP === "1"

let tarball = null
let pg = null
let fakeResend = null
atCleanup(closeBrowser)
atCleanup(() => fakeResend?.close())
atCleanup(() => pg?.stop())

/** One store at a time runs its CPU-heavy steps (migrate, build, start, browser). */
let serialQueue = Promise.resolve()
function serially(fn) {
  const next = serialQueue.then(fn)
  serialQueue = next.catch(() => {})
  return next
}

/**
 * One store: its npm install runs alongside the other versions' (network-bound),
 * the rest one store at a time (2 cores: builds in parallel only slow each other).
 */
async function testVersion(version) {
  let failed = false
  const step = async (name, fn) => {
    const value = await timedStep(version, name, fn)
    if (value === undefined) failed = true
    return value
  }
  const store = await newStore(version, { pg, fakeResend })
  console.log(`── Medusa ${version}: store in ${store.host}`)
  try {
    const installed = await inOrder(step, [
      ["store package.json (create-medusa-app's, at this version) + the tarball", () => writeStore(store, tarball)],
      ["npm install (no peer conflict allowed)", () => npmInstall(store)],
      ["one copy of React, react-query and the Admin SDK (the plugin shares the dashboard's)", () => singleCopies(store)],
      ["every import path the README promises resolves in the store", () => promisedImports(store)],
    ])
    if (installed) await serially(() => runStore(store, step))
  } finally {
    if (failed && KEEP) keepDir(store.host)
  }
}

/** The installed store: migrate, build and start it, sell a file, look at the Admin. */
async function runStore(store, step) {
  let server = null
  try {
    const started = await inOrder(step, [
      ["database", async () => {
        await pg.createDatabase(store.dbName)
      }],
      ["npx medusa db:migrate", () => migrate(store)],
      ["npx medusa user", () => createAdminUser(store)],
      ["npx medusa build (server + Admin)", () => build(store)],
      ["production start from .medusa/server, /health answers", async () => (server = await startBuilt(store))],
    ])
    if (!started) return

    const story = sale(store, server, fakeResend)
    const sold = await inOrder(step, [
      ["admin login, region (pp_system_default), sales channel, publishable key, product", story.catalog],
      [`upload ${story.uploadMiB} MiB through the plugin's Admin route and attach it to the variant`, story.upload],
      ["guest cart → order (no shipping method) → payment captured", story.order],
      ["the grant is issued and the delivery email reaches the Resend stand-in", story.delivery],
      ["the typed client from the tarball (medusa-plugin-digital-delivery/client over @medusajs/js-sdk) reads the order's files", story.client],
      ["the emailed link downloads the uploaded bytes (sha256)", story.download],
    ])
    if (!sold) return

    await step("the built Admin shows the plugin's order widget in Chromium", () =>
      orderWidgetShows(store, { orderId: story.facts.order.id, fileName: story.fileName })
    )
  } finally {
    if (server) await stopServer(server)
  }
}

// ------------------------------------------------------------------- main

const runStarted = Date.now()
let exitCode
try {
  console.log(`Medusa versions: ${versions.join(", ")}`)
  if (!fs.existsSync(chromiumPath)) {
    check("Chromium is installed", false, `Chromium is missing at ${chromiumPath}: run \`apt-get install -y chromium\` (or set CHROMIUM_PATH).`)
  } else {
    const packed = await timedStep(null, "npm pack (prepare: medusa plugin:build) and the tarball's contents", packPlugin)
    if (packed) {
      tarball = packed.file
      await timedStep(null, "embedded PostgreSQL and the Resend stand-in", async () => {
        fakeResend = await startFakeResend()
        pg = await startEmbeddedPostgres({ dir: path.join(tempDir("dd-package-pg-"), "pg"), persistent: false })
        return `port ${pg.port}`
      })
      if (pg) await Promise.all(versions.map((version) => testVersion(version)))
    }
  }
} catch (err) {
  check("the test ran to its end", false, err instanceof StepError ? err.message : String(err?.stack ?? err))
} finally {
  printTimings(runStarted)
  if (anyFailed() && KEEP) {
    const tgzDir = tarball && path.dirname(tarball)
    if (tgzDir) keepDir(tgzDir)
    for (const dir of keptDirList()) console.log(`KEEP=1: kept ${dir}`)
  } else if (anyFailed()) {
    console.log("Run with KEEP=1 to keep a failed store's folder and its logs.")
  }
  await cleanup()
  exitCode = summary() ? 0 : 1
}
process.exit(exitCode)
