// Measuring helpers: curl to /dev/null, RSS sampling, medians, autocannon.
import { spawn } from "node:child_process"
import fs from "node:fs"

/** One download with curl to /dev/null: bytes and seconds. */
export function curl(url, extraArgs = []) {
  return new Promise((resolve, reject) => {
    const child = spawn("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code} %{size_download} %{time_total}", ...extraArgs, url])
    let out = ""
    child.stdout.on("data", (d) => (out += d))
    child.on("close", (code) => {
      const [status, bytes, seconds] = out.trim().split(" ")
      if (code !== 0 || !status.startsWith("2")) return reject(new Error(`curl ${url} → exit ${code}, status ${status}`))
      resolve({ bytes: Number(bytes), seconds: Number(seconds) })
    })
  })
}

/** Several downloads at once: aggregate bytes per second over the wall time. */
export async function concurrent(urls) {
  const started = process.hrtime.bigint()
  const results = await Promise.all(urls.map((u) => curl(u)))
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const bytes = results.reduce((s, r) => s + r.bytes, 0)
  return { bytes, seconds, bytesPerSecond: bytes / seconds }
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

export function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]
}

function rssOf(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))
    return m ? Number(m[1]) * 1024 : 0
  } catch {
    return 0
  }
}

/** Samples a process's RSS every 25 ms while `fn` runs: baseline before, peak during. */
export async function withRss(pid, fn) {
  const before = rssOf(pid)
  let peak = before
  const timer = setInterval(() => {
    peak = Math.max(peak, rssOf(pid))
  }, 25)
  try {
    const result = await fn()
    return { result, before, peak, growth: peak - before }
  } finally {
    clearInterval(timer)
  }
}

/**
 * utime + stime of a process in seconds (/proc/<pid>/stat, clock ticks of
 * 1/100 s), with `reaped` also the time of its children that exited (cutime,
 * cstime); 0 once it is gone.
 */
function cpuOfPid(pid, reaped = false) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8")
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    const own = Number(fields[11]) + Number(fields[12])
    return (reaped ? own + Number(fields[13]) + Number(fields[14]) : own) / 100
  } catch {
    return 0
  }
}

/**
 * CPU seconds of the PostgreSQL server: its postmaster (postmaster.pid in the
 * data folder) with the backends it already reaped, and every live backend.
 */
function postgresCpu(dataDir) {
  const postmaster = Number(fs.readFileSync(`${dataDir}/postmaster.pid`, "utf8").split("\n")[0])
  let total = cpuOfPid(postmaster, true)
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8")
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === postmaster) total += cpuOfPid(Number(entry))
    } catch {
      // gone between readdir and read
    }
  }
  return total
}

/**
 * CPU time used by the server under test, PostgreSQL and this process (the
 * load generator runs in it): call it before a run and `.since()` after, for
 * seconds of CPU spent by each. A backend that exits in between loses its
 * time (the pool's connections stay open during a run).
 */
export function cpuMeter({ serverPid, postgresDataDir }) {
  const sample = () => ({
    server: cpuOfPid(serverPid),
    postgres: postgresCpu(postgresDataDir),
    client: (() => {
      const u = process.cpuUsage()
      return (u.user + u.system) / 1e6
    })(),
  })
  const start = sample()
  return {
    since() {
      const end = sample()
      return { server: end.server - start.server, postgres: end.postgres - start.postgres, client: end.client - start.client }
    },
  }
}

/**
 * autocannon against one URL, or against several (`urls`, same origin): each
 * connection then cycles through them from its own starting point, like many
 * buyers with their own links. Returns requests/s and latency percentiles (ms).
 */
export async function cannon(url, { connections, seconds, urls, cpu }) {
  const { default: autocannon } = await import("autocannon")
  let next = 0
  const paths = (urls ?? []).map((u) => {
    const parsed = new URL(u)
    return parsed.pathname + parsed.search
  })
  const setupClient = paths.length
    ? (client) => {
        const offset = next++ % paths.length
        client.setRequests([...paths.slice(offset), ...paths.slice(0, offset)].map((path) => ({ method: "GET", path })))
      }
    : undefined
  const meter = cpu ? cpuMeter(cpu) : null
  const result = await autocannon({ url, connections, duration: seconds, pipelining: 1, setupClient })
  const used = meter?.since()
  // A rate measured on refusals (429, 410…) or errors means nothing: stop the bench.
  if (result.non2xx || result.errors) throw new Error(`autocannon ${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`)
  return {
    requests_per_second: result.requests.average,
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    non_2xx: result.non2xx,
    errors: result.errors,
    // With `cpu`: CPU time per answered request (µs) of the server, PostgreSQL and the load generator.
    ...(used && {
      cpu_us_per_request: Object.fromEntries(Object.entries(used).map(([k, v]) => [k, Math.round((v * 1e6) / result.requests.total)])),
    }),
  }
}

/** Writes `size` bytes of random-looking data (a 1 MiB random block repeated). */
export async function makeFile(file, size) {
  if (fs.existsSync(file) && fs.statSync(file).size === size) return
  const crypto = await import("node:crypto")
  const block = crypto.randomBytes(1024 * 1024)
  const out = fs.createWriteStream(file)
  let left = size
  while (left > 0) {
    const chunk = left >= block.length ? block : block.subarray(0, left)
    left -= chunk.length
    if (!out.write(chunk)) await new Promise((r) => out.once("drain", r))
  }
  await new Promise((r, j) => out.end((e) => (e ? j(e) : r())))
}
