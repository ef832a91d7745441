#!/usr/bin/env node
// `npm run demo`: a complete Medusa store with the plugin, on an embedded
// PostgreSQL unless DATABASE_URL is set. Options: --reset (start from scratch),
// --port N (or PORT), --storefront (also the example Next.js storefront,
// examples/nextjs-storefront, on --storefront-port N or 8000). Emails go to a
// local outbox unless RESEND_API_KEY and RESEND_FROM are set.
import { spawn, spawnSync } from "node:child_process"
import crypto from "node:crypto"
import fs from "node:fs"
import net from "node:net"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { EmbeddedPostgresError, freePort, removeEmbeddedPostgresData, startEmbeddedPostgres } from "./embedded-postgres.mjs"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const demoApp = path.join(root, "demo")
const args = process.argv.slice(2)
const flag = (name) => args.includes(`--${name}`)
const option = (name) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : undefined
}
const demoDir = path.resolve(root, process.env.DEMO_DIR || ".demo")
const port = Number(option("port") || process.env.PORT || 9000)
const backendUrl = `http://localhost:${port}`
const withStorefront = flag("storefront")
const storefrontPort = Number(option("storefront-port") || process.env.STOREFRONT_PORT || 8000)
const storefrontUrl = `http://localhost:${storefrontPort}`
const medusaCli = path.join(root, "node_modules", "@medusajs", "cli", "cli.js")

const say = (msg) => console.log(`\x1b[36m[demo]\x1b[0m ${msg}`)
function fail(msg) {
  console.error(`\n\x1b[31m[demo] ${msg}\x1b[0m\n`)
  process.exitCode = 1
  return new Error(msg)
}

// ---------------------------------------------------------------- state
function loadState() {
  const file = path.join(demoDir, "state.json")
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8"))
  const secret = () => crypto.randomBytes(32).toString("hex")
  return {
    secrets: { digital_delivery: secret(), jwt: secret(), cookie: secret() },
    admin: { email: "admin@demo.local", password: `demo-${crypto.randomBytes(6).toString("hex")}` },
    customer: { email: "grace@demo.local", password: `grace-${crypto.randomBytes(6).toString("hex")}` },
    pg_port: null,
    admin_created: false,
    seed: null,
  }
}
const saveState = (state) => fs.writeFileSync(path.join(demoDir, "state.json"), JSON.stringify(state, null, 2))

// ---------------------------------------------------------------- checks
function portInUse(p) {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once("error", () => resolve(true))
    server.listen(p, () => server.close(() => resolve(false)))
  })
}

async function checkDatabaseUrl(url) {
  const { default: pg } = await import("pg")
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
  try {
    await client.connect()
    await client.query("select 1")
  } catch (err) {
    let where = url
    try {
      const u = new URL(url)
      where = `${u.hostname}:${u.port || 5432}`
    } catch {
      // not a URL: the message names it as given
    }
    throw fail(
      `Cannot reach the database of DATABASE_URL (${where}): ${err.message}.\n` +
        `       Start that PostgreSQL server, fix DATABASE_URL, or unset it to use the embedded PostgreSQL.`
    )
  } finally {
    await client.end().catch(() => {})
  }
}

async function ensureDatabase(adminUrl, name) {
  const { default: pg } = await import("pg")
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [name])
    if (!rowCount) await client.query(`create database "${name}"`)
    return !rowCount
  } finally {
    await client.end()
  }
}

function run(cmd, cmdArgs, opts = {}) {
  const res = spawnSync(cmd, cmdArgs, { stdio: opts.quiet ? "pipe" : "inherit", encoding: "utf8", ...opts })
  if (res.status !== 0) {
    const out = opts.quiet ? `\n${(res.stdout || "").slice(-3000)}${(res.stderr || "").slice(-3000)}` : ""
    throw fail(`${opts.what ?? cmdArgs.join(" ")} failed (exit ${res.status}).${out}`)
  }
  return res
}

// ---------------------------------------------------------------- main
let pgServer = null
let medusa = null
let storefront = null
let stopping = false

async function stopAll(code = 0) {
  if (stopping) return
  stopping = true
  if (storefront) {
    say("stopping the storefront…")
    await storefront.stop().catch(() => {})
  }
  if (medusa && medusa.exitCode === null) {
    say("stopping Medusa…")
    medusa.kill("SIGTERM")
    await new Promise((resolve) => {
      const t = setTimeout(() => {
        medusa.kill("SIGKILL")
        resolve()
      }, 10_000)
      medusa.once("exit", () => {
        clearTimeout(t)
        resolve()
      })
    })
  }
  if (pgServer) {
    say("stopping PostgreSQL…")
    await pgServer.stop().catch(() => {})
  }
  process.exit(code)
}
process.on("SIGINT", () => stopAll(0))
process.on("SIGTERM", () => stopAll(0))

async function main() {
  if (!fs.existsSync(medusaCli)) throw fail("Dependencies are missing: run `npm install` first.")
  if (flag("reset") && fs.existsSync(demoDir)) {
    say(`--reset: removing ${path.relative(root, demoDir) || demoDir}`)
    removeEmbeddedPostgresData(path.join(demoDir, "pg"))
    fs.rmSync(demoDir, { recursive: true, force: true })
  }
  fs.mkdirSync(demoDir, { recursive: true })
  const state = loadState()
  saveState(state)

  if (await portInUse(port)) {
    throw fail(`Port ${port} is already in use. Stop the other server, or run \`PORT=${port + 100} npm run demo\`.`)
  }
  if (withStorefront && (await portInUse(storefrontPort))) {
    throw fail(`Port ${storefrontPort} (the storefront's) is already in use. Stop the other server, or add \`--storefront-port ${storefrontPort + 1}\`.`)
  }

  if (!flag("no-build")) {
    say("building the plugin (medusa plugin:build)…")
    run(process.execPath, [medusaCli, "plugin:build"], { cwd: root, quiet: true, what: "medusa plugin:build" })
  }
  if (!fs.existsSync(path.join(root, ".medusa", "server", "src", "modules", "digital-delivery", "index.js"))) {
    throw fail("The plugin build is missing (.medusa/server). Run `npm run build` and look at its errors.")
  }
  // The demo installs the plugin as a package, like any store: node_modules/medusa-plugin-digital-delivery.
  const link = path.join(demoApp, "node_modules", "medusa-plugin-digital-delivery")
  fs.mkdirSync(path.dirname(link), { recursive: true })
  if (!fs.existsSync(link)) fs.symlinkSync(path.relative(path.dirname(link), root), link, "dir")

  let databaseUrl = process.env.DATABASE_URL
  if (databaseUrl) {
    say("using DATABASE_URL")
    await checkDatabaseUrl(databaseUrl)
  } else {
    const pgPort = state.pg_port && !(await portInUse(state.pg_port)) ? state.pg_port : await freePort(54329)
    state.pg_port = pgPort
    saveState(state)
    say(`starting the embedded PostgreSQL (port ${pgPort})…`)
    try {
      pgServer = await startEmbeddedPostgres({ dir: path.join(demoDir, "pg"), port: pgPort, persistent: true })
    } catch (err) {
      if (err instanceof EmbeddedPostgresError) throw fail(`The embedded PostgreSQL did not start. ${err.message}`)
      throw err
    }
    const dataDir = path.relative(root, pgServer.dataDir)
    say(`PostgreSQL is up; its data lives in ${dataDir.startsWith("..") ? pgServer.dataDir : dataDir}`)
    if (await ensureDatabase(pgServer.url("postgres"), "medusa_demo")) {
      // A new database (first start, or its data was removed): seed it again.
      Object.assign(state, { admin_created: false, seed: null })
      saveState(state)
    }
    databaseUrl = pgServer.url("medusa_demo")
  }

  const env = {
    ...process.env,
    NODE_ENV: "development",
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    DEMO_DIR: demoDir,
    DIGITAL_DELIVERY_SECRET: state.secrets.digital_delivery,
    DEMO_JWT_SECRET: state.secrets.jwt,
    DEMO_COOKIE_SECRET: state.secrets.cookie,
    MEDUSA_DISABLE_TELEMETRY: "true",
    // The storefront's origin joins the backend's in STORE_CORS / AUTH_CORS (demo/medusa-config.ts).
    DEMO_STOREFRONT_URL: withStorefront ? storefrontUrl : "",
  }
  say("migrating the database…")
  run(process.execPath, [medusaCli, "db:migrate"], { cwd: demoApp, env, quiet: true, what: "medusa db:migrate" })
  if (!state.admin_created) {
    run(process.execPath, [medusaCli, "user", "-e", state.admin.email, "-p", state.admin.password], {
      cwd: demoApp,
      env,
      quiet: true,
      what: "medusa user",
    })
    state.admin_created = true
    saveState(state)
  }

  say(`starting Medusa on ${backendUrl} (log: ${path.relative(root, demoDir)}/medusa.log)…`)
  const log = fs.openSync(path.join(demoDir, "medusa.log"), "a")
  medusa = spawn(process.execPath, [medusaCli, "start"], { cwd: demoApp, env, stdio: ["ignore", log, log] })
  medusa.once("exit", (code) => {
    if (!stopping) {
      const tail = fs.readFileSync(path.join(demoDir, "medusa.log"), "utf8").split("\n").slice(-30).join("\n")
      fail(`Medusa stopped unexpectedly (exit ${code}). The end of its log:\n${tail}`)
      stopAll(1)
    }
  })
  const started = Date.now()
  for (;;) {
    if (stopping) return
    const ok = await fetch(`${backendUrl}/health`).then((r) => r.ok, () => false)
    if (ok) break
    if (Date.now() - started > 180_000) throw fail(`Medusa did not answer on ${backendUrl}/health within 3 minutes; see ${demoDir}/medusa.log`)
    await new Promise((r) => setTimeout(r, 500))
  }

  if (!state.seed) {
    say("first start: seeding the store through the Admin and Store APIs…")
    const { seed } = await import("./demo/seed.mjs")
    state.seed = await seed({ backendUrl, demoDir, admin: state.admin, customer: state.customer, log: (m) => say(`  ${m}`) })
    saveState(state)
  }

  const facts = {
    backend_url: backendUrl,
    admin_url: `${backendUrl}/app`,
    admin_email: state.admin.email,
    admin_password: state.admin.password,
    publishable_key: state.seed.publishable_key,
    outbox_url: process.env.RESEND_API_KEY && process.env.RESEND_FROM ? null : `${backendUrl}/demo/outbox`,
    guest_order_page_url: state.seed.guest_order_page_url,
    guest_download_url: state.seed.guest_download_url,
    guest_download_sha256: state.seed.guest_download_sha256,
    guest_order_id: state.seed.guest_order_id,
    customer_order_id: state.seed.customer_order_id,
    album_preview_url: state.seed.album_preview_url,
    album_preview_size: state.seed.album_preview_size,
    book_preview_url: state.seed.book_preview_url,
    stamped_download_url: state.seed.stamped_download_url,
    stamped_download_buyer: state.seed.stamped_download_buyer,
    customer_email: state.customer.email,
    customer_password: state.customer.password,
    customer_login_url: `${backendUrl}/digital-downloads/login`,
    storefront_url: null,
    storefront_prepared: null,
  }
  if (withStorefront) {
    const { prepareStorefront, startStorefront } = await import("./lib/storefront.mjs")
    try {
      facts.storefront_prepared = prepareStorefront({ log: say })
      say(`starting the example storefront on ${storefrontUrl}…`)
      storefront = await startStorefront({ port: storefrontPort, backendUrl, publishableKey: facts.publishable_key })
    } catch (err) {
      throw fail(`The example storefront did not start: ${err.message}`)
    }
    facts.storefront_url = storefront.url
  }
  fs.writeFileSync(path.join(demoDir, "demo.json"), JSON.stringify(facts, null, 2))
  console.log(`
\x1b[32mThe demo store is ready\x1b[0m (${((Date.now() - started) / 1000).toFixed(0)} s after Medusa started)

  Medusa Admin      ${facts.admin_url}
                    ${facts.admin_email} / ${facts.admin_password}
  Outbox            ${facts.outbox_url ?? "emails are sent through Resend"}
  Guest order page  ${facts.guest_order_page_url}
  A download link   ${facts.guest_download_url}
  Customer login    ${facts.customer_login_url}
                    ${facts.customer_email} / ${facts.customer_password}
${
  facts.storefront_url
    ? `  Storefront        ${facts.storefront_url}/gb  (examples/nextjs-storefront; ${facts.storefront_prepared})
                    try: open "The Medusa Handbook (e-book)" (its files: PDF, size, downloads, days),
                    add it to the cart, check out as a guest with any address and "Manual payment (test)",
                    see the order's files and "Email me my links again" (the email lands in the Outbox;
                    the files are delivered once the payment is captured in Medusa Admin),
                    or log in at ${facts.storefront_url}/gb/account as ${facts.customer_email} and open Downloads.
`
    : ""
}
  The same facts, for scripts: ${path.relative(root, path.join(demoDir, "demo.json"))}
  Press Ctrl-C to stop (PostgreSQL included).
`)
}

main().catch((err) => {
  if (!process.exitCode) console.error(err)
  stopAll(1)
})
