// Helpers for the metering figures: downloads cut at a chosen byte, the
// descriptors and RSS of a process, a download manager (aria2c), and waiting
// for the plugin's settlement (written in batches ≤ 10 ms after a request ends).
import { spawn, spawnSync } from "node:child_process"
import crypto from "node:crypto"
import fs from "node:fs"
import http from "node:http"

/** A small seeded PRNG (mulberry32): the same seed gives the same cut points on every run. */
export function seededRandom(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * One GET on its own connection, cut by the client once it has received
 * `cutAt` bytes of the body (at the response's headers when `cutAt` is 0):
 * the socket is destroyed, as a browser tab closed or a dropped connection
 * would. Resolves with the status and the body bytes the client really read.
 */
export function cutDownload(url, cutAt) {
  return new Promise((resolve, reject) => {
    let received = 0
    let status = 0
    let cut = false
    const req = http.get(url, { agent: false }, (res) => {
      status = res.statusCode
      const stop = () => {
        cut = true
        req.destroy()
      }
      if (cutAt <= 0) return stop()
      res.on("data", (chunk) => {
        if (cut) return
        received += chunk.length
        if (received >= cutAt) stop()
      })
      res.on("error", () => {})
      res.on("end", () => resolve({ status, received, cut }))
    })
    req.on("error", (err) => (status || cut ? null : reject(err)))
    req.on("close", () => resolve({ status, received, cut }))
  })
}

/**
 * One GET on its own connection that the client abandons `afterMs` after
 * sending it, whether or not the response has begun: a double click, a tab
 * closed at once. Resolves with whether the response's headers arrived.
 */
export function abandonedRequest(url, afterMs) {
  return new Promise((resolve) => {
    let answered = false
    const req = http.get(url, { agent: false }, (res) => {
      answered = true
      res.on("data", () => {})
      res.on("error", () => {})
    })
    req.on("error", () => {})
    const timer = setTimeout(() => req.destroy(), afterMs)
    req.on("close", () => {
      clearTimeout(timer)
      resolve({ answered })
    })
  })
}

/** TCP sockets of a process's network namespace: inode → local and remote port. */
function tcpSockets(pid) {
  const byInode = new Map()
  for (const table of ["tcp", "tcp6"]) {
    let text
    try {
      text = fs.readFileSync(`/proc/${pid}/net/${table}`, "utf8")
    } catch {
      continue
    }
    for (const line of text.split("\n").slice(1)) {
      const f = line.trim().split(/\s+/)
      if (f.length < 10) continue
      byInode.set(f[9], { local: parseInt(f[1].split(":")[1], 16), remote: parseInt(f[2].split(":")[1], 16) })
    }
  }
  return byInode
}

/**
 * Open descriptors of a process (`/proc/<pid>/fd`), sorted by what they are:
 * files under `dir` (the stored files), connections to PostgreSQL (the pool,
 * which keeps idle connections for a while), connections of HTTP clients to
 * the server's port, and the rest.
 */
export function descriptors(pid, { dir, pgPort, httpPort } = {}) {
  const fds = fs.readdirSync(`/proc/${pid}/fd`)
  const sockets = tcpSockets(pid)
  const kinds = { files_under_dir: 0, postgres: 0, http_clients: 0, other: 0 }
  for (const fd of fds) {
    let target
    try {
      target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`)
    } catch {
      continue // closed between readdir and readlink
    }
    const socket = /^socket:\[(\d+)\]$/.exec(target)
    const tcp = socket && sockets.get(socket[1])
    if (dir && target.startsWith(dir)) kinds.files_under_dir++
    else if (tcp && tcp.remote === pgPort) kinds.postgres++
    else if (tcp && tcp.local === httpPort && tcp.remote !== 0) kinds.http_clients++
    else kinds.other++
  }
  return { total: fds.length, ...kinds }
}

/** How many more descriptors `after` holds than `before`, the PostgreSQL pool's connections left out (the pool keeps them a while: not leaks). */
export const fdGrowthBesidesPool = (before, after) => after.total - after.postgres - (before.total - before.postgres)

export function rss(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))
  return m ? Number(m[1]) * 1024 : 0
}

/**
 * Waits until no request of these grants holds a reservation any more (every
 * one settled); returns the grants' settled figures, summed.
 */
export async function waitSettled(db, grantIds, { timeoutMs = 60_000, tolerate = false } = {}) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const { rows } = await db.query(
      `SELECT coalesce(sum(reserved), 0)::float8 AS reserved, coalesce(sum(downloads_used), 0)::text AS downloads_used,
              coalesce(sum(bytes_sent), 0)::text AS bytes_sent, count(*) FILTER (WHERE reserved > 0)::int AS holding
         FROM download_grant WHERE id = ANY($1)`,
      [grantIds]
    )
    const settled = { downloads_used: Number(rows[0].downloads_used), bytes_sent: Number(rows[0].bytes_sent), reserved_left: rows[0].reserved, grants_holding: rows[0].holding }
    if (rows[0].reserved === 0) return settled
    if (Date.now() > deadline) {
      if (tolerate) return settled
      throw new Error(`grants still hold ${rows[0].reserved} reserved copies after ${timeoutMs} ms`)
    }
    await new Promise((r) => setTimeout(r, 20))
  }
}

export function sha256(file) {
  return new Promise((resolve, reject) => {
    const h = crypto.createHash("sha256")
    fs.createReadStream(file)
      .on("data", (d) => h.update(d))
      .on("error", reject)
      .on("end", () => resolve(h.digest("hex")))
  })
}

export const hasAria2c = () => spawnSync("aria2c", ["--version"], { stdio: "ignore" }).status === 0

/**
 * A download manager's pattern, for real: aria2c with 8 connections and 1 MiB
 * segments (an open-ended first request, then parallel ranges; the first
 * connection is closed once its part arrived). Returns the file and seconds.
 */
export function aria2c(url, dir, out) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const args = ["-x8", "-s8", "-k1M", "--min-split-size=1M", "--file-allocation=none", "-d", dir, "-o", out, "--allow-overwrite=true", "--auto-file-renaming=false", "--summary-interval=0", "--console-log-level=warn", "--download-result=hide", url]
    const child = spawn("aria2c", args, { stdio: ["ignore", "pipe", "pipe"] })
    let log = ""
    child.stdout.on("data", (d) => (log += d))
    child.stderr.on("data", (d) => (log += d))
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`aria2c exited ${code}: ${log.slice(-2000)}`))
      resolve({ file: `${dir}/${out}`, seconds: Number(process.hrtime.bigint() - started) / 1e9 })
    })
  })
}
