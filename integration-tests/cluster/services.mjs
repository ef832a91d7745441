// The parts of a scaled-out store, started for the cluster tests: Redis
// (Debian's redis-server), an S3-compatible server (s3rver), PostgreSQL
// (embedded, restartable) and Medusa instances of integration-tests/cluster/host.
import { spawn, spawnSync } from "node:child_process"
import fs from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"
import S3rver from "s3rver"
import { freePort, startEmbeddedPostgres } from "../../scripts/embedded-postgres.mjs"

const here = path.dirname(fileURLToPath(import.meta.url))
export const root = path.resolve(here, "../..")
export const hostDir = path.join(here, "host")
const medusaCli = path.join(root, "node_modules", "@medusajs", "cli", "cli.js")

/**
 * A redis-server of our own on a free port (REDIS_URL, when set, is used
 * instead, and cannot be restarted). `restart(downMs)` stops it the way
 * `systemctl restart` does (SHUTDOWN SAVE: its data is written to disk and
 * read back), leaves it down for `downMs`, and starts it again on the same port.
 */
export async function startRedis(dir) {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, stop: async () => {}, restart: null }
  const bin = ["redis-server", "/usr/bin/redis-server", "/usr/local/bin/redis-server"].find(
    (b) => spawnSync(b, ["--version"], { stdio: "ignore" }).status === 0
  )
  if (!bin) throw new Error("redis-server not found: install Debian's package (apt-get install redis-server) or set REDIS_URL")
  const port = await freePort(0)
  const ping = () => spawnSync("redis-cli", ["-p", String(port), "ping"], { encoding: "utf8" }).stdout?.trim() === "PONG"
  let child
  const start = async () => {
    child = spawn(bin, ["--port", String(port), "--save", "", "--appendonly", "no", "--dir", dir], { stdio: "ignore" })
    await waitFor(async () => ping(), 10_000, "redis-server did not start")
  }
  const exited = (c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once("exit", r)))
  await start()
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: async () => {
      child.kill("SIGTERM")
      await exited(child)
    },
    restart: async (downMs) => {
      const res = spawnSync("redis-cli", ["-p", String(port), "shutdown", "save"], { encoding: "utf8" })
      await exited(child)
      if (!fs.existsSync(path.join(dir, "dump.rdb"))) throw new Error(`redis-server did not save its data: ${res.stdout}${res.stderr}`)
      await new Promise((r) => setTimeout(r, downMs))
      await start()
    },
  }
}

export async function startS3(dir, bucket) {
  const port = await freePort(0)
  const server = new S3rver({ port, address: "127.0.0.1", silent: true, directory: dir, configureBuckets: [{ name: bucket }] })
  await server.run()
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => server.close() }
}

/** An embedded PostgreSQL that can be stopped and started again on the same port and data. */
export async function startPostgres(dir) {
  let server = await startEmbeddedPostgres({ dir, persistent: true })
  const { port } = server
  await server.createDatabase("medusa_cluster")
  return {
    url: server.url("medusa_cluster"),
    port,
    stop: () => server.stop(),
    restart: async () => {
      server = await startEmbeddedPostgres({ dir, port, persistent: true })
    },
    stopForGood: async () => {
      await server.stop()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

export function migrate(env) {
  for (const args of [["db:migrate"], ["user", "-e", "admin@example.com", "-p", "cluster-password"]]) {
    const res = spawnSync(process.execPath, [medusaCli, ...args], { cwd: hostDir, env: { ...process.env, ...env }, encoding: "utf8" })
    if (res.status !== 0) throw new Error(`medusa ${args[0]} failed:\n${res.stdout}\n${res.stderr}`)
  }
}

/** One Medusa instance (`medusa start`) of the cluster host; resolves once /health answers. */
export async function startInstance(name, env) {
  const port = await freePort(0)
  const base = `http://127.0.0.1:${port}`
  const child = spawn(process.execPath, [medusaCli, "start"], {
    cwd: hostDir,
    env: { ...process.env, ...env, PORT: String(port), BACKEND_URL: base, INSTANCE_NAME: name },
    stdio: ["ignore", "pipe", "pipe"],
  })
  let log = ""
  child.stdout.on("data", (d) => (log = (log + d).slice(-20_000)))
  child.stderr.on("data", (d) => (log = (log + d).slice(-20_000)))
  let exited = false
  child.once("exit", () => (exited = true))
  await waitFor(async () => {
    if (exited) throw new Error(`instance ${name} exited:\n${log}`)
    return fetch(`${base}/health`).then((r) => r.ok, () => false)
  }, 180_000, `instance ${name} did not start:\n${log}`)
  return {
    name,
    base,
    pid: child.pid,
    log: () => log,
    stop: async () => {
      if (exited) return
      child.kill("SIGTERM")
      await new Promise((r) => setTimeout(r, 100))
      await Promise.race([new Promise((r) => child.once("exit", r)), new Promise((r) => setTimeout(r, 10_000))])
      if (!exited) child.kill("SIGKILL")
    },
  }
}

export async function waitFor(check, timeoutMs, message) {
  const until = Date.now() + timeoutMs
  for (;;) {
    if (await check()) return
    if (Date.now() > until) throw new Error(message)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Open file descriptors and resident memory of a process (Linux /proc). */
export function processUsage(pid) {
  const fds = fs.readdirSync(`/proc/${pid}/fd`).length
  const rss = Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))[1]) * 1024
  return { fds, rss }
}

/** Bytes a process has read through read(2)-like calls, sockets included (Linux /proc). */
export function bytesRead(pid) {
  return Number(/rchar:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/io`, "utf8"))[1])
}
