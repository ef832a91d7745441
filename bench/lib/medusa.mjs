// The bench's processes: the Medusa hosts (the main one, the BENCH_COMPARE one,
// the checkout figure's two), the bare Node server, and how they are stopped.
import { spawn, spawnSync } from "node:child_process"
import fs from "node:fs"
import path from "node:path"
import pg from "pg"
import { client } from "./store.mjs"
import { adminHeaders, uploadAsset as fixtureUpload } from "../../scripts/lib/store-fixture.js"

export const MiB = 1024 * 1024
export const GiB = 1024 * MiB

const ADMIN = { email: "bench@example.com", password: "bench-password" }

/** Every process the bench started, stopped by stopChildren. */
const children = []

/** Spawns a process; resolves once its output matches `readyMatch` (at once without one). */
export function startChild(cmd, args, opts, readyMatch) {
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

/** SIGTERM to every child still running, then SIGKILL to those that did not stop. */
export async function stopChildren({ profiling = false } = {}) {
  for (const c of children) if (c.exitCode === null) c.kill("SIGTERM")
  await new Promise((r) => setTimeout(r, 500))
  // A profiled Medusa writes its profile as it exits: give it time to.
  for (let i = 0; profiling && i < 100 && children.some((c) => c.exitCode === null); i++) await new Promise((r) => setTimeout(r, 100))
  // A Medusa that does not stop (its database already gone) must not keep
  // burning a core for the next run.
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL")
}

/** `medusa db:migrate` and the bench's admin user, in host folder `cwd` on env.DATABASE_URL. */
export function prepareDatabase(medusaCli, cwd, env) {
  spawnSync(process.execPath, [medusaCli, "db:migrate"], { cwd, env, stdio: "ignore" })
  spawnSync(process.execPath, [medusaCli, "user", "-e", ADMIN.email, "-p", ADMIN.password], { cwd, env, stdio: "ignore" })
}

/**
 * `medusa start` in host folder `cwd` (env: PORT, DATABASE_URL…), once /health
 * answers: { proc, pid, base, api, A (the admin's headers), db (a pg client) }.
 */
export async function startMedusa(medusaCli, { cwd, env, nodeArgs = [], label = "Medusa" }) {
  const proc = await startChild(process.execPath, [...nodeArgs, medusaCli, "start"], { cwd, env })
  const base = `http://localhost:${env.PORT}`
  for (let i = 0; ; i++) {
    if (await fetch(`${base}/health`).then((r) => r.ok, () => false)) break
    if (i > 600) throw new Error(`${label} did not start`)
    await new Promise((r) => setTimeout(r, 200))
  }
  const api = client(base)
  const A = await adminHeaders(api, ADMIN.email, ADMIN.password)
  const db = new pg.Client({ connectionString: env.DATABASE_URL })
  db.on("error", () => {}) // the server stops before the client when the bench fails
  await db.connect()
  return { proc, pid: proc.pid, base, api, A, db }
}

/** Uploads a file through the admin API of host `h`: its digital asset. */
export async function uploadAsset(h, file) {
  return fixtureUpload(h.api, h.A, await fs.openAsBlob(file), path.basename(file))
}

/**
 * A grant on an asset, as deliver-order would issue it (unlimited unless
 * `max` is given); returns its link. The columns named are the same before
 * and after byte metering (usage starts at its default, 0), so the compare
 * host's grants are made by the same statement.
 */
export async function grantLinkOn(h, assetId, max = null) {
  const id = `dgrant_bench_${Math.random().toString(36).slice(2)}`
  await h.db.query(
    `INSERT INTO download_grant (id, order_id, line_item_id, asset_id, max_downloads, enabled, token_version, delivered_at)
     VALUES ($1, 'order_bench', $1, $2, $3, true, 1, now())`,
    [id, assetId, max]
  )
  const { download_grant } = await h.api.get(`/admin/download-grants/${id}`, h.A)
  return { id, url: h.base + new URL(download_grant.download_url).pathname }
}
