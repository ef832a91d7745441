// The launch figure's load generator: N downloads started at once, each on
// its own connection, from ONE process that counts the bytes without keeping
// them (raw sockets, HTTP/1.1 parsed by hand, one reused read buffer: no
// per-chunk allocation, no HTTP parser stream per response), so that 1,000
// connections cost the client as little CPU as possible.
//
// swarm(urls) runs this file as a child process (its own event loop and core
// share, its CPU time reported) and resolves with the run's figures.
import { spawn } from "node:child_process"
import net from "node:net"
import { fileURLToPath } from "node:url"

const self = fileURLToPath(import.meta.url)

/**
 * Downloads every URL at once. Resolves with the aggregate (bytes over the
 * wall time from the first connect to the last byte), time to first byte of
 * each response (ms from its connect), the client's CPU time, and failures.
 */
export function swarm(urls, { timeoutMs = 300_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [self], { stdio: ["pipe", "pipe", "pipe"] })
    let out = ""
    let err = ""
    child.stdout.on("data", (d) => (out += d))
    child.stderr.on("data", (d) => (err += d))
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs)
    child.on("close", (code) => {
      clearTimeout(timer)
      if (code !== 0) return reject(new Error(`swarm client exited ${code}: ${err.slice(-2000)}`))
      resolve(JSON.parse(out))
    })
    child.stdin.end(JSON.stringify(urls))
  })
}

/** One GET on its own connection: status, body bytes, ms to the first byte and to the last. */
function download(url, buffer, t0) {
  return new Promise((resolve) => {
    const started = performance.now() - t0
    const u = new URL(url)
    let head = ""
    let inBody = false
    let status = 0
    let expected = -1
    let body = 0
    let firstByte = null
    let finished = null
    let error = null
    const socket = net.connect({
      host: u.hostname === "localhost" ? "127.0.0.1" : u.hostname,
      port: Number(u.port),
      onread: {
        buffer,
        callback: (n, buf) => {
          if (firstByte === null) firstByte = performance.now() - t0
          if (inBody) {
            body += n
          } else {
            head += buf.toString("latin1", 0, n)
            const end = head.indexOf("\r\n\r\n")
            if (end < 0) return true
            status = Number(head.slice(9, 12))
            const length = /\r\ncontent-length:\s*(\d+)/i.exec(head.slice(0, end))
            expected = length ? Number(length[1]) : -1
            body = head.length - end - 4
            head = ""
            inBody = true
          }
          if (expected >= 0 && body >= expected && finished === null) {
            finished = performance.now() - t0
            socket.end()
          }
          return true
        },
      },
    })
    socket.setNoDelay(true)
    socket.on("connect", () => socket.write(`GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nConnection: close\r\n\r\n`))
    socket.on("error", (e) => (error = e.code ?? e.message))
    socket.on("close", () => {
      resolve({ status, body, expected, started, first_byte_ms: firstByte === null ? null : firstByte - started, finished: finished ?? performance.now() - t0, complete: finished !== null, error })
    })
  })
}

async function main() {
  let input = ""
  for await (const chunk of process.stdin) input += chunk
  const urls = JSON.parse(input)
  const buffer = Buffer.allocUnsafe(256 * 1024)
  const cpu = process.cpuUsage()
  const t0 = performance.now()
  const runs = await Promise.all(urls.map((u) => download(u, buffer, t0)))
  const wall = Math.max(...runs.map((r) => r.finished)) - Math.min(...runs.map((r) => r.started))
  const used = process.cpuUsage(cpu)
  const bytes = runs.reduce((s, r) => s + r.body, 0)
  const ttfb = runs.filter((r) => r.first_byte_ms !== null).map((r) => r.first_byte_ms).sort((a, b) => a - b)
  const pct = (p) => (ttfb.length ? ttfb[Math.min(ttfb.length - 1, Math.ceil((p / 100) * ttfb.length) - 1)] : null)
  const durations = runs.map((r) => r.finished - r.started).sort((a, b) => a - b)
  const statuses = {}
  for (const r of runs) statuses[r.status] = (statuses[r.status] ?? 0) + 1
  const failed = runs.filter((r) => !r.complete || r.status !== 200)
  process.stdout.write(
    JSON.stringify({
      connections: urls.length,
      bytes,
      seconds: wall / 1000,
      bytesPerSecond: bytes / (wall / 1000),
      ttfb_p50_ms: pct(50),
      ttfb_p99_ms: pct(99),
      ttfb_max_ms: ttfb.at(-1) ?? null,
      download_p50_s: durations[Math.floor(durations.length / 2)] / 1000,
      download_max_s: durations.at(-1) / 1000,
      client_cpu_s: (used.user + used.system) / 1e6,
      client_cpu_share_of_one_core: (used.user + used.system) / 1000 / wall,
      statuses,
      failed: failed.length,
      failures: failed.slice(0, 5).map((r) => ({ status: r.status, body: r.body, expected: r.expected, error: r.error })),
    })
  )
}

if (process.argv[1] === self) {
  main().catch((e) => {
    console.error(e)
    process.exit(1)
  })
}
