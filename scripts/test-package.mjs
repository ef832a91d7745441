#!/usr/bin/env node
// `npm run test:package`: tests what a store installs, not this repository.
//
// 1. `npm pack` (its `prepare` runs `medusa plugin:build`) and checks the tarball's files.
// 2. For each Medusa version (default: the lowest and the highest we support;
//    `MEDUSA_VERSIONS=2.21.2` or `node scripts/test-package.mjs 2.21.2` to pick), a
//    fresh store in its own temp folder: the package.json `create-medusa-app` writes
//    (medusajs/dtc-starter apps/backend, at that exact version) + the tarball,
//    `npm install` (a peer conflict fails the test), the README's medusa-config.ts
//    (plugin, file-local with private_upload_dir, the Resend provider pointed at a
//    local stand-in of Resend's API), `medusa db:migrate`, `medusa user`,
//    `medusa build`, and a production start from `.medusa/server`.
// 3. A short story over HTTP: admin upload → variant → guest order → capture →
//    grant + email → the emailed link downloads the same bytes.
// 4. The built Admin in Chromium: the plugin's order widget renders.
//
// One embedded PostgreSQL for the whole run, one database per version.
// KEEP=1 keeps a failed store's folder (its logs are in <store>/logs).
import { spawn } from "node:child_process"
import crypto from "node:crypto"
import fs from "node:fs"
import { createRequire } from "node:module"
import os from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { startFakeResend } from "../integration-tests/helpers/fake-resend.js"
import { freePort, startEmbeddedPostgres } from "./embedded-postgres.mjs"
import { client } from "./lib/api-client.mjs"
import { checklist } from "./lib/demo-process.mjs"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const PLUGIN = "medusa-plugin-digital-delivery"
const DEFAULT_VERSIONS = ["2.20.0", "2.21.2"]
const versions = (() => {
  const fromArgs = process.argv.slice(2).filter((a) => /^\d+\.\d+\.\d+/.test(a))
  if (fromArgs.length) return fromArgs
  const fromEnv = (process.env.MEDUSA_VERSIONS ?? "").split(/[\s,]+/).filter(Boolean)
  return fromEnv.length ? fromEnv : DEFAULT_VERSIONS
})()
const KEEP = process.env.KEEP === "1"
const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium"
const MiB = 1024 * 1024

const checks = checklist()
/** version → [[step, seconds]] */
const timings = new Map()
const children = new Set()
const tempDirs = []
const keptDirs = []
let pg = null
let fakeResend = null
let browser = null

// ------------------------------------------------------------------ helpers

class StepError extends Error {
  /** One sentence, then (indented) the relevant log tail. */
  constructor(sentence, tail = "") {
    super(tail ? `${sentence}\n${indent(tail)}` : sentence)
  }
}

const indent = (text) =>
  text
    .trimEnd()
    .split("\n")
    .map((l) => `    │ ${l}`)
    .join("\n")

function tailOf(text, lines = 30) {
  // Medusa colours its logs; the tail is for people.
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, "").trimEnd().split("\n").slice(-lines).join("\n")
}

function tempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  tempDirs.push(dir)
  return dir
}

/** Kills a child we started and everything it started (its own process group). */
function killTree(child, signal = "SIGTERM") {
  if (child.exitCode !== null || child.signalCode !== null) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    try {
      child.kill(signal)
    } catch {
      // already gone
    }
  }
}

/**
 * Starts a command in its own process group (so killTree reaches what it
 * starts), its output kept and written to `logFile`; the log is closed and the
 * child forgotten when it ends.
 */
function spawnLogged(cmd, args, { cwd, env, logFile }) {
  const log = fs.openSync(logFile, "w")
  let output = ""
  const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] })
  children.add(child)
  const onData = (d) => {
    output += d
    fs.writeSync(log, d)
  }
  child.stdout.on("data", onData)
  child.stderr.on("data", onData)
  let open = true
  const forget = () => {
    if (!open) return
    open = false
    children.delete(child)
    fs.closeSync(log)
  }
  child.once("error", forget)
  child.once("close", forget)
  return { child, output: () => output }
}

/**
 * Runs a command to its end (spawnLogged). Resolves with the output; rejects
 * with a StepError (sentence + log tail).
 */
function run(cmd, args, { cwd, env, logFile, what, timeoutMs = 10 * 60_000 }) {
  return new Promise((resolve, reject) => {
    const { child, output } = spawnLogged(cmd, args, { cwd, env, logFile })
    const timer = setTimeout(() => killTree(child, "SIGKILL"), timeoutMs)
    child.once("error", (err) => {
      clearTimeout(timer)
      reject(new StepError(`${what} could not start: ${err.message}.`))
    })
    child.once("close", (code, signal) => {
      clearTimeout(timer)
      if (code === 0) return resolve(output())
      const why = signal ? `was killed (${signal}${signal === "SIGKILL" ? ", time-out" : ""})` : `failed (exit ${code})`
      reject(new StepError(`${what} ${why}; full log: ${logFile}`, tailOf(output())))
    })
  })
}

async function waitFor(check, { timeoutMs, what, interval = 500 }) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new StepError(`Timed out after ${timeoutMs / 1000} s waiting for ${what}.`)
    await new Promise((r) => setTimeout(r, interval))
  }
}

const sha256 = (buf) => crypto.createHash("sha256").update(buf).digest("hex")
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`

// ------------------------------------------------------------ cleaning up

let cleaning = null
function cleanup() {
  cleaning ??= (async () => {
    for (const child of children) killTree(child, "SIGTERM")
    await new Promise((r) => setTimeout(r, children.size ? 1500 : 0))
    for (const child of children) killTree(child, "SIGKILL")
    await browser?.close().catch(() => {})
    await fakeResend?.close().catch(() => {})
    await pg?.stop().catch(() => {})
    for (const dir of tempDirs) if (!keptDirs.includes(dir)) fs.rmSync(dir, { recursive: true, force: true })
  })()
  return cleaning
}
const onSignal = (signal) => {
  console.log(`\n${signal}: stopping every process this test started and removing its temp folders…`)
  cleanup().finally(() => process.exit(130))
}
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, onSignal)
// Last resort (an unexpected exit): no process outlives the test.
process.on("exit", () => {
  for (const child of children) killTree(child, "SIGKILL")
})

// ----------------------------------------------------------------- steps

/** Runs `fn` as a check, timed; returns its value, or undefined when it failed. */
async function timedStep(version, name, fn) {
  const started = Date.now()
  let value
  const ok = await checks.step(`${version ? `[${version}] ` : ""}${name}`, async () => {
    value = await fn()
    const took = seconds(Date.now() - started)
    const detail = typeof value === "string" ? value : value?.detail
    return detail ? `${detail} (${took})` : took
  })
  const list = timings.get(version || "all") ?? []
  list.push([name, (Date.now() - started) / 1000, ok])
  timings.set(version || "all", list)
  return ok ? (value ?? true) : undefined
}

const EXPECTED_IN_TARBALL = [
  "package/package.json",
  "package/README.md",
  "package/LICENSE",
  "package/.medusa/server/src/admin/index.mjs",
  "package/.medusa/server/src/admin/index.js",
  "package/.medusa/server/src/modules/digital-delivery/index.js",
  "package/.medusa/server/src/modules/digital-delivery/service.js",
  "package/.medusa/server/src/providers/resend/index.js",
  "package/.medusa/server/src/workflows/index.js",
  "package/.medusa/server/src/api/middlewares.js",
]

async function packPlugin() {
  const dir = tempDir("dd-package-pack-")
  const logFile = path.join(dir, "npm-pack.log")
  await run("npm", ["pack", "--pack-destination", dir], { cwd: root, env: process.env, logFile, what: "`npm pack` (with `medusa plugin:build`)" })
  const tarball = fs.readdirSync(dir).find((f) => f.endsWith(".tgz"))
  if (!tarball) throw new StepError(`\`npm pack\` wrote no tarball in ${dir}.`, tailOf(fs.readFileSync(logFile, "utf8")))
  const file = path.join(dir, tarball)
  const listing = await run("tar", ["tzf", file], { cwd: dir, env: process.env, logFile: path.join(dir, "tar.log"), what: "`tar tzf`" })
  const entries = listing.split("\n").filter(Boolean)
  const missing = EXPECTED_IN_TARBALL.filter((p) => !entries.includes(p))
  if (!entries.some((p) => /modules\/digital-delivery\/migrations\/Migration\d+\.js$/.test(p))) missing.push("the module's migrations")
  if (missing.length) throw new StepError(`The tarball lacks ${missing.join(", ")}.`)
  const strays = entries.filter((p) => /(__tests__|\.spec\.|\.test\.|\.ts$|(^|\/)src\/admin\/.*\.tsx$)/.test(p) && !p.endsWith(".d.ts"))
  if (strays.length) throw new StepError(`The tarball ships sources or tests: ${strays.slice(0, 5).join(", ")}.`)
  return { file, detail: `${tarball}, ${entries.length} files, ${(fs.statSync(file).size / 1024).toFixed(0)} KiB` }
}

/**
 * The store's package.json: what `create-medusa-app` writes (medusajs/dtc-starter,
 * apps/backend/package.json, a commit that pins 2.18.0), at `version`. The starter
 * pins the Admin's UI libraries to the versions @medusajs/dashboard uses, so they
 * are read from the dashboard's package.json at that version.
 */
async function hostPackageJson(version, tarball, dir) {
  const out = await run("npm", ["view", `@medusajs/dashboard@${version}`, "dependencies", "--json"], {
    cwd: dir,
    env: process.env,
    logFile: path.join(dir, "logs", "npm-view.log"),
    what: `\`npm view @medusajs/dashboard@${version}\``,
  })
  const dashboard = JSON.parse(out)
  const pinned = (name) => {
    if (!dashboard[name]) throw new StepError(`@medusajs/dashboard@${version} no longer depends on ${name}; update the host template in this script.`)
    return dashboard[name]
  }
  return {
    name: `medusa-store-${version.replace(/\W/g, "-")}`,
    version: "0.0.1",
    description: "A starter for Medusa projects.",
    private: true,
    license: "MIT",
    scripts: {
      build: "medusa build",
      start: "medusa start",
      dev: "medusa develop",
      predeploy: "medusa db:migrate",
    },
    dependencies: {
      "@medusajs/admin-sdk": version,
      "@medusajs/admin-shared": version,
      "@medusajs/caching": version,
      "@medusajs/cli": version,
      "@medusajs/dashboard": version,
      "@medusajs/draft-order": version,
      "@medusajs/framework": version,
      "@medusajs/medusa": version,
      "@medusajs/ui": pinned("@medusajs/ui"),
      "@tanstack/react-query": pinned("@tanstack/react-query"),
      "react-i18next": pinned("react-i18next"),
      "react-router-dom": pinned("react-router-dom"),
      zod: pinned("zod"),
      [PLUGIN]: `file:${tarball}`,
    },
    devDependencies: {
      "@medusajs/test-utils": version,
      "@swc/core": "^1.7.28",
      "@swc/jest": "^0.2.36",
      "@types/jest": "^29.5.13",
      "@types/node": "^20.12.11",
      "@types/react": "^18.3.2",
      "@types/react-dom": "^18.2.25",
      jest: "^29.7.0",
      "prop-types": "^15.8.1",
      react: "^18.3.1",
      "react-dom": "^18.3.1",
      "ts-node": "^10.9.2",
      typescript: "^5.6.2",
      vite: "^5.4.14",
      yalc: "^1.0.0-pre.53",
    },
    engines: { node: ">=20" },
    // npm 11 runs no dependency install script without an entry here (NOTES.md).
    allowScripts: {
      "@swc/core": true,
      esbuild: true,
      "@medusajs/telemetry": false,
      "msgpackr-extract": false,
      protobufjs: false,
    },
  }
}

/** medusa-config.ts as the README tells a store owner to write it, on the starter's config. */
const MEDUSA_CONFIG = `import { loadEnv, defineConfig } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: process.env.STORE_CORS!,
      adminCors: process.env.ADMIN_CORS!,
      authCors: process.env.AUTH_CORS!,
      jwtSecret: process.env.JWT_SECRET,
      cookieSecret: process.env.COOKIE_SECRET,
    },
  },
  admin: { backendUrl: process.env.MEDUSA_BACKEND_URL },
  plugins: [
    {
      resolve: "${PLUGIN}",
      options: {
        secret: process.env.DIGITAL_DELIVERY_SECRET, // openssl rand -hex 32
        backend_url: process.env.MEDUSA_BACKEND_URL, // public URL used in emailed links
        default_max_downloads: 5,
        default_validity_days: 30,
      },
    },
  ],
  modules: [
    // With the local file provider, keep private files out of the public static dir:
    {
      resolve: "@medusajs/medusa/file",
      options: {
        providers: [
          {
            resolve: "@medusajs/medusa/file-local",
            id: "local",
            options: { private_upload_dir: "private-uploads" },
          },
        ],
      },
    },
    {
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [
          {
            resolve: "${PLUGIN}/providers/resend",
            id: "resend",
            options: {
              channels: ["email"],
              api_key: process.env.RESEND_API_KEY,
              from: "My Store <store@example.com>",
            },
          },
        ],
      },
    },
  ],
})
`

/** The starter's tsconfig.json (`medusa build` compiles with it). */
const TSCONFIG = {
  compilerOptions: {
    target: "ES2021",
    esModuleInterop: true,
    module: "Node16",
    moduleResolution: "Node16",
    emitDecoratorMetadata: true,
    experimentalDecorators: true,
    skipLibCheck: true,
    skipDefaultLibCheck: true,
    declaration: false,
    sourceMap: false,
    inlineSourceMap: true,
    outDir: "./.medusa/server",
    rootDir: "./",
    jsx: "react-jsx",
    forceConsistentCasingInFileNames: true,
    resolveJsonModule: true,
    checkJs: false,
    strictNullChecks: true,
  },
  "ts-node": { swc: true },
  include: ["**/*", ".medusa/types/*"],
  exclude: ["node_modules", ".medusa/server", ".medusa/admin", ".cache"],
}

/** Every import path the README promises, resolved from the store's folder. */
const PROMISED_IMPORTS = [
  `${PLUGIN}/package.json`,
  `${PLUGIN}/providers/resend`,
  `${PLUGIN}/workflows`,
  `${PLUGIN}/modules/digital-delivery`,
  `${PLUGIN}/admin`,
]

function findPackageCopies(nodeModules, name, found = []) {
  // Every node_modules/<name> below `nodeModules` (nested copies included).
  let entries
  try {
    entries = fs.readdirSync(nodeModules, { withFileTypes: true })
  } catch {
    return found
  }
  if (fs.existsSync(path.join(nodeModules, name, "package.json"))) found.push(path.join(nodeModules, name))
  for (const e of entries) {
    if (!e.isDirectory() || e.name.startsWith(".")) continue
    const dirs = e.name.startsWith("@") ? fs.readdirSync(path.join(nodeModules, e.name)).map((n) => path.join(e.name, n)) : [e.name]
    for (const d of dirs) findPackageCopies(path.join(nodeModules, d, "node_modules"), name, found)
  }
  return found
}

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
  const host = tempDir(`dd-package-${version}-`)
  const logs = path.join(host, "logs")
  fs.mkdirSync(logs)
  const port = await freePort(0)
  const backendUrl = `http://localhost:${port}`
  const admin = { email: "admin@example.com", password: `pw-${crypto.randomBytes(8).toString("hex")}` }
  const dbName = `medusa_${version.replace(/\W/g, "_")}`
  const env = {
    ...process.env,
    DATABASE_URL: pg.url(dbName),
    PORT: String(port),
    MEDUSA_BACKEND_URL: backendUrl,
    STORE_CORS: backendUrl,
    ADMIN_CORS: backendUrl,
    AUTH_CORS: backendUrl,
    JWT_SECRET: crypto.randomBytes(24).toString("hex"),
    COOKIE_SECRET: crypto.randomBytes(24).toString("hex"),
    DIGITAL_DELIVERY_SECRET: crypto.randomBytes(32).toString("hex"),
    RESEND_API_KEY: fakeResend.apiKey,
    RESEND_BASE_URL: fakeResend.url,
    MEDUSA_DISABLE_TELEMETRY: "true",
    NODE_ENV: "development",
  }
  delete env.npm_config_legacy_peer_deps
  delete env.npm_config_force
  // `npx medusa …`, without npx's extra process: the store's own CLI.
  const medusa = path.join(host, "node_modules", ".bin", "medusa")
  let server = null
  console.log(`── Medusa ${version}: store in ${host}`)

  try {
    const installed =
      (await step("store package.json (create-medusa-app's, at this version) + the tarball", async () => {
        const pkg = await hostPackageJson(version, tarball, host)
        fs.writeFileSync(path.join(host, "package.json"), JSON.stringify(pkg, null, 2) + "\n")
        fs.writeFileSync(path.join(host, "medusa-config.ts"), MEDUSA_CONFIG)
        fs.writeFileSync(path.join(host, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 2) + "\n")
        fs.writeFileSync(path.join(host, ".gitignore"), "node_modules\n.medusa\n")
        return `@medusajs/ui ${pkg.dependencies["@medusajs/ui"]}, react-router-dom ${pkg.dependencies["react-router-dom"]}`
      })) &&
      (await step("npm install (no peer conflict allowed)", async () => {
        let output
        try {
          // --prefer-offline: cached package data is used without asking the registry again.
          output = await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: host, env, logFile: path.join(logs, "npm-install.log"), what: "`npm install`" })
        } catch (err) {
          const log = fs.readFileSync(path.join(logs, "npm-install.log"), "utf8")
          if (/ERESOLVE/.test(log)) {
            throw new StepError(`npm cannot resolve the peer dependencies of a Medusa ${version} store with the plugin (ERESOLVE); full log: ${path.join(logs, "npm-install.log")}`, tailOf(log, 40))
          }
          throw err
        }
        // A peer conflict npm papers over ("overriding peer dependency") is still a conflict.
        const conflicts = output.split("\n").filter((l) => /ERESOLVE|Conflicting peer dependency|overriding peer dependency/i.test(l))
        if (conflicts.length) {
          throw new StepError(`npm reports peer conflicts in a Medusa ${version} store with the plugin; full log: ${path.join(logs, "npm-install.log")}`, tailOf(output, 40))
        }
        const installed = JSON.parse(fs.readFileSync(path.join(host, "node_modules", "@medusajs", "framework", "package.json"), "utf8")).version
        if (installed !== version) throw new StepError(`npm installed @medusajs/framework ${installed}, not ${version}.`)
        // npm 11 lists install scripts that no allowScripts entry covers. It lists a
        // `prepare` only for non-registry sources (git, file:, link): the plugin's
        // `prepare` (medusa plugin:build) shows up here, not for a registry install.
        const scripts = output.split("\n").filter((l) => /^npm warn install-scripts\s+\S+@\S+ \(/.test(l)).map((l) => l.replace(/^npm warn install-scripts\s+/, ""))
        const warnings = output.split("\n").filter((l) => /^npm warn/i.test(l) && !/EBADENGINE|deprecated|install-scripts/i.test(l))
        return [
          scripts.length ? `npm lists install scripts not covered by allowScripts: ${scripts.join("; ")}` : "",
          warnings.length ? `${warnings.length} other npm warning(s), see logs/npm-install.log` : "",
        ].filter(Boolean).join("; ")
      })) &&
      (await step("one copy of React, react-query and the Admin SDK (the plugin shares the dashboard's)", async () => {
        const nm = path.join(host, "node_modules")
        const dupes = ["@tanstack/react-query", "react", "react-dom", "@medusajs/ui", "@medusajs/admin-sdk", "@medusajs/framework"]
          .map((name) => [name, findPackageCopies(nm, name)])
          .filter(([, copies]) => copies.length !== 1)
        if (dupes.length) {
          throw new StepError(
            `The store has ${dupes.map(([n, c]) => `${c.length} copies of ${n}`).join(", ")}.`,
            dupes.flatMap(([, c]) => c.map((p) => path.relative(host, p))).join("\n")
          )
        }
      })) &&
      (await step("every import path the README promises resolves in the store", async () => {
        const require = createRequire(path.join(host, "package.json"))
        const failures = []
        for (const spec of PROMISED_IMPORTS) {
          try {
            const file = require.resolve(spec)
            if (!fs.existsSync(file)) failures.push(`${spec} → ${file} (missing)`)
          } catch (err) {
            failures.push(`${spec}: ${err.code ?? err.message}`)
          }
        }
        // The ESM entry of the admin extensions, which the Admin bundler imports.
        const mjs = path.join(host, "node_modules", PLUGIN, ".medusa", "server", "src", "admin", "index.mjs")
        if (!fs.existsSync(mjs)) failures.push(`${PLUGIN}/admin (import) → ${mjs} (missing)`)
        if (failures.length) throw new StepError(`Some import paths do not resolve in the store.`, failures.join("\n"))
        return `${PROMISED_IMPORTS.length} paths`
      }))
    if (!installed) return
    await serially(() => runStore())
  } finally {
    if (failed && KEEP) keptDirs.push(host)
  }

  async function runStore() {
    try {
      const ok =
        (await step("database", async () => {
          await pg.createDatabase(dbName)
        })) &&
        (await step("npx medusa db:migrate", async () => {
          const out = await run(medusa, ["db:migrate"], { cwd: host, env, logFile: path.join(logs, "db-migrate.log"), what: "`medusa db:migrate`" })
          const plugin = /MODULE: digital_delivery/.test(tailOf(out, 100_000))
          if (!plugin) throw new StepError(`\`medusa db:migrate\` did not mention the plugin's module: were its migrations found?`, tailOf(out))
        })) &&
        (await step("npx medusa user", async () => {
          await run(medusa, ["user", "-e", admin.email, "-p", admin.password], { cwd: host, env, logFile: path.join(logs, "user.log"), what: "`medusa user`" })
        })) &&
        (await step("npx medusa build (server + Admin)", async () => {
          await run(medusa, ["build"], { cwd: host, env, logFile: path.join(logs, "build.log"), what: "`medusa build`" })
          const index = path.join(host, ".medusa", "server", "public", "admin", "index.html")
          if (!fs.existsSync(index)) throw new StepError(`\`medusa build\` wrote no Admin (${path.relative(host, index)} is missing).`)
        })) &&
        (server = await step("production start from .medusa/server, /health answers", async () => {
          // Medusa's deployment docs (docs.medusajs.com/learn/build): cd .medusa/server,
          // `npm install`, then `npm run start` with NODE_ENV=production. The build's
          // package.json is the store's, so instead of a second install the store's
          // node_modules is linked in.
          const built = path.join(host, ".medusa", "server")
          fs.symlinkSync(path.join(host, "node_modules"), path.join(built, "node_modules"), "dir")
          const logFile = path.join(logs, "medusa-start.log")
          const { child, output } = spawnLogged(medusa, ["start"], { cwd: built, env: { ...env, NODE_ENV: "production" }, logFile })
          const started = Date.now()
          try {
            await waitFor(
              async () => {
                if (child.exitCode !== null) throw new StepError(`Medusa exited (code ${child.exitCode}) before answering /health; full log: ${logFile}`, tailOf(output()))
                return fetch(`${backendUrl}/health`).then((r) => r.ok, () => false)
              },
              { timeoutMs: 180_000, what: `${backendUrl}/health`, interval: 300 }
            )
          } catch (err) {
            if (err instanceof StepError && !/exited/.test(err.message)) throw new StepError(`${err.message.split("\n")[0]} Full log: ${logFile}`, tailOf(output()))
            throw err
          }
          return { child, output, logFile, detail: `ready ${seconds(Date.now() - started)} after spawn` }
        }))
      if (!ok) return

      const api = client(backendUrl)
      const fileName = `package-test-${version}.bin`
      // The Resend stand-in serves every store of the run: one buyer per store.
      const buyer = `buyer-${version.replace(/\W/g, "-")}@example.com`
      const bytes = crypto.randomBytes(4 * MiB + 12345)
      const facts = {}
      const serverTail = () => tailOf(server.output(), 25)
      const withServerLog = async (fn) => {
        try {
          return await fn()
        } catch (err) {
          if (err instanceof StepError) throw err
          throw new StepError(`${err.message}.`, serverTail())
        }
      }

      const storyOk =
        (await step("admin login, region (pp_system_default), sales channel, publishable key, product", () =>
          withServerLog(async () => {
            const { token } = await api.post("/auth/user/emailpass", admin)
            const A = { authorization: `Bearer ${token}` }
            const { region } = await api.post(
              "/admin/regions",
              { name: "Europe", currency_code: "eur", countries: ["gb", "fr"], payment_providers: ["pp_system_default"] },
              A
            )
            const { sales_channel: channel } = await api.post("/admin/sales-channels", { name: "Web" }, A)
            const { api_key: key } = await api.post("/admin/api-keys", { title: "Web", type: "publishable" }, A)
            await api.post(`/admin/api-keys/${key.id}/sales-channels`, { add: [channel.id] }, A)
            const { product } = await api.post(
              "/admin/products",
              {
                title: "Package test e-book",
                status: "published",
                sales_channels: [{ id: channel.id }],
                options: [{ title: "Format", values: ["Digital"] }],
                variants: [{ title: "Digital", sku: `PKG-${version}`, manage_inventory: false, options: { Format: "Digital" }, prices: [{ currency_code: "eur", amount: 10 }] }],
              },
              A
            )
            Object.assign(facts, { A, S: { "x-publishable-api-key": key.token }, region, channel, variant: product.variants[0] })
          })
        )) &&
        (await step(`upload ${(bytes.length / MiB).toFixed(1)} MiB through the plugin's Admin route and attach it to the variant`, () =>
          withServerLog(async () => {
            const form = new FormData()
            form.append("title", "Package test file")
            form.append("file", new Blob([bytes]), fileName)
            const { digital_asset: asset } = await api.post("/admin/digital-assets", form, facts.A)
            if (asset.sha256 && asset.sha256 !== sha256(bytes)) throw new StepError(`The stored file's sha256 (${asset.sha256}) is not the uploaded bytes'.`)
            await api.post(`/admin/digital-assets/${asset.id}/variants`, { add: [facts.variant.id] }, facts.A)
            facts.asset = asset
            return `asset ${asset.id}`
          })
        )) &&
        (await step("guest cart → order (no shipping method) → payment captured", () =>
          withServerLog(async () => {
            const { S, A } = facts
            const address = { first_name: "Ada", last_name: "Lovelace", address_1: "12 Analytical Way", city: "London", country_code: "gb", postal_code: "N1 9GU" }
            const { cart } = await api.post("/store/carts", { region_id: facts.region.id, sales_channel_id: facts.channel.id, email: buyer }, S)
            await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: facts.variant.id, quantity: 1 }, S)
            await api.post(`/store/carts/${cart.id}`, { billing_address: address, shipping_address: address }, S)
            const { payment_collection: pc } = await api.post("/store/payment-collections", { cart_id: cart.id }, S)
            await api.post(`/store/payment-collections/${pc.id}/payment-sessions`, { provider_id: "pp_system_default" }, S)
            const done = await api.post(`/store/carts/${cart.id}/complete`, {}, S)
            if (done.type !== "order") throw new StepError(`The cart did not complete: ${JSON.stringify(done.error ?? done)}.`)
            facts.order = done.order
            const { order } = await api.get(`/admin/orders/${done.order.id}?fields=id,payment_collections.payments.id,payment_collections.payments.captured_at`, A)
            let captured = 0
            for (const c of order.payment_collections ?? []) {
              for (const p of c.payments ?? []) {
                if (!p.captured_at) {
                  await api.post(`/admin/payments/${p.id}/capture`, {}, A)
                  captured++
                }
              }
            }
            return `order #${done.order.display_id}, ${captured ? "captured through the Admin API" : "already captured"}`
          })
        )) &&
        (await step("the grant is issued and the delivery email reaches the Resend stand-in", () =>
          withServerLog(async () => {
            const delivery = await waitFor(
              async () => {
                const d = await api.get(`/admin/orders/${facts.order.id}/digital-delivery`, facts.A)
                return d.download_grants.length && d.emails.some((e) => e.status === "success") ? d : null
              },
              { timeoutMs: 60_000, what: "the order's grant and a sent delivery email (GET /admin/orders/:id/digital-delivery)" }
            ).catch((err) => {
              throw new StepError(err.message, serverTail())
            })
            const grant = delivery.download_grants.find((g) => g.asset?.id === facts.asset.id)
            if (!grant) throw new StepError(`The order's grants do not include the uploaded file.`, JSON.stringify(delivery.download_grants, null, 2))
            const email = fakeResend.sent.find((e) => [e.body.to].flat().includes(buyer))
            if (!email) throw new StepError(`The Resend stand-in received no email to the buyer.`, JSON.stringify(fakeResend.requests, null, 2))
            facts.email = email
            facts.grant = grant
            return `grant ${grant.id}, email "${email.body.subject}"`
          })
        )) &&
        (await step("the emailed link downloads the uploaded bytes (sha256)", () =>
          withServerLog(async () => {
            const text = `${facts.email.body.text ?? ""}\n${facts.email.body.html ?? ""}`
            const escaped = backendUrl.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
            const links = [...text.matchAll(new RegExp(`${escaped}/digital-downloads/[A-Za-z0-9._~-]+`, "g"))]
              .map((m) => m[0])
              .filter((u) => !/\/digital-downloads\/(orders|library|login|logout)$/.test(u))
            if (!links.length) throw new StepError(`The delivery email holds no download link under ${backendUrl}/digital-downloads/.`, facts.email.body.text ?? "")
            const res = await fetch(links[0])
            if (!res.ok) throw new StepError(`The emailed link answered ${res.status}.`, (await res.text()).slice(0, 500))
            const got = Buffer.from(await res.arrayBuffer())
            if (sha256(got) !== sha256(bytes)) throw new StepError(`The download (${got.length} bytes) differs from the upload (${bytes.length} bytes).`)
            return `${got.length} bytes, sha256 ${sha256(got).slice(0, 12)}…`
          })
        ))
      if (!storyOk) return

      await step("the built Admin shows the plugin's order widget in Chromium", async () => {
        const { chromium } = await import("playwright-core")
        browser ??= await chromium.launch({
          executablePath,
          args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        })
        // In production Medusa's session cookie is `Secure`: a store runs behind a proxy
        // that ends TLS and says so with X-Forwarded-Proto (Medusa trusts it). Chromium
        // keeps Secure cookies on http://localhost, so the header alone stands in for the proxy.
        const context = await browser.newContext({
          viewport: { width: 1440, height: 900 },
          locale: "en-US",
          extraHTTPHeaders: { "x-forwarded-proto": "https" },
        })
        const page = await context.newPage()
        page.setDefaultTimeout(60_000)
        const pageErrors = []
        const consoleErrors = []
        page.on("pageerror", (err) => pageErrors.push(err.message))
        page.on("console", (msg) => msg.type() === "error" && consoleErrors.push(msg.text()))
        const problems = () => [...pageErrors.map((e) => `page error: ${e}`), ...consoleErrors.map((e) => `console: ${e}`)].join("\n")
        try {
          await page.goto(`${backendUrl}/app/login`)
          await page.locator('input[name="email"]').fill(admin.email)
          await page.locator('input[name="password"]').fill(admin.password)
          await page.locator('button[type="submit"]').click()
          await page.waitForURL((url) => !url.pathname.endsWith("/login"), { timeout: 60_000 })
          await page.goto(`${backendUrl}/app/orders/${facts.order.id}`)
          await page.getByTestId("dd-order-widget").waitFor()
          await page.getByTestId("dd-grant-row").filter({ hasText: fileName }).waitFor()
        } catch (err) {
          const shot = path.join(logs, "admin-order.png")
          await page.screenshot({ path: shot }).catch(() => {})
          throw new StepError(`The order page did not show the plugin's widget with ${fileName} (${err.message.split("\n")[0]}); screenshot: ${shot}`, problems())
        } finally {
          await context.close().catch(() => {})
        }
        if (pageErrors.length) throw new StepError(`The Admin threw errors while showing the order.`, problems())
      })
    } finally {
      if (server?.child) {
        killTree(server.child, "SIGTERM")
        await Promise.race([new Promise((r) => server.child.once("close", r)), new Promise((r) => setTimeout(r, 10_000))])
        killTree(server.child, "SIGKILL")
      }
    }
  }
}

// ------------------------------------------------------------------- main

const runStarted = Date.now()
let tarball = null
let exitCode
try {
  console.log(`Medusa versions: ${versions.join(", ")}`)
  if (!fs.existsSync(executablePath)) {
    checks.check("Chromium is installed", false, `Chromium is missing at ${executablePath}: run \`apt-get install -y chromium\` (or set CHROMIUM_PATH).`)
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
  checks.check("the test ran to its end", false, err instanceof StepError ? err.message : String(err?.stack ?? err))
} finally {
  console.log("\nTimings (s; a store's npm install runs alongside the other stores'):")
  for (const [version, list] of timings) {
    console.log(`  ${version === "all" ? "shared" : `Medusa ${version}`}: ${list.map(([n, s, ok]) => `${ok ? "" : "✕ "}${n.split(" (")[0]} ${s.toFixed(1)}`).join(" · ")}`)
    console.log(`    total ${list.reduce((t, [, s]) => t + s, 0).toFixed(1)}`)
  }
  console.log(`  wall time ${seconds(Date.now() - runStarted)}`)
  if (checks.failed && KEEP) {
    const tgzDir = tarball && path.dirname(tarball)
    if (tgzDir) keptDirs.push(tgzDir)
    for (const dir of keptDirs) console.log(`KEEP=1: kept ${dir}`)
  } else if (checks.failed) {
    console.log("Run with KEEP=1 to keep a failed store's folder and its logs.")
  }
  await cleanup()
  exitCode = checks.summary() ? 0 : 1
}
process.exit(exitCode)
