// The example Next.js storefront (examples/nextjs-storefront) for the demo and
// the browser tests: installs it on first use (`npm ci` in its folder: Next.js
// is not a dependency of the plugin), builds it once (`next build`, again only
// when its sources or the typed client change), and starts it against a backend.
import { spawn, spawnSync } from "node:child_process"
import crypto from "node:crypto"
import fs from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..")
export const storefrontDir = path.join(root, "examples", "nextjs-storefront")
const nextBin = path.join(storefrontDir, "node_modules", "next", "dist", "bin", "next")
const stamp = path.join(storefrontDir, ".next", "source-hash")

/** Every file the build reads that we write: the example's sources and config, and the typed client it imports. */
function sourceHash() {
  const hash = crypto.createHash("sha256")
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, entry.name)
      if (entry.isDirectory()) {
        if (entry.name !== "__tests__") walk(file)
      } else {
        hash.update(path.relative(root, file)).update("\0").update(fs.readFileSync(file)).update("\0")
      }
    }
  }
  walk(path.join(storefrontDir, "src"))
  walk(path.join(root, "src", "client"))
  for (const f of ["next.config.ts", "tsconfig.json", "package.json", "package-lock.json"]) hash.update(f).update(fs.readFileSync(path.join(storefrontDir, f)))
  return hash.digest("hex")
}

function run(cmd, args, what, env = process.env) {
  const res = spawnSync(cmd, args, { cwd: storefrontDir, env, encoding: "utf8", stdio: "pipe" })
  if (res.status !== 0) throw new Error(`${what} failed (exit ${res.status}):\n${(res.stdout ?? "").slice(-3000)}${(res.stderr ?? "").slice(-3000)}`)
}

/**
 * Installs and builds the storefront when needed; resolves with what it did and how long each step took.
 * @param {{ log?: (msg: string) => void }} [options]
 */
export function prepareStorefront({ log = () => {} } = {}) {
  const done = []
  if (!fs.existsSync(nextBin)) {
    log("installing the example storefront (npm ci in examples/nextjs-storefront)…")
    const t = Date.now()
    run("npm", ["ci", "--no-audit", "--no-fund"], "npm ci (examples/nextjs-storefront)")
    done.push(`installed in ${((Date.now() - t) / 1000).toFixed(0)} s`)
  }
  const hash = sourceHash()
  const built = fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === hash
  if (!built) {
    log("building the example storefront (next build)…")
    const t = Date.now()
    // Nothing store-specific is baked in: the backend URL and key are read when the server starts.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("NEXT_PUBLIC_") && k !== "MEDUSA_BACKEND_URL"))
    run(process.execPath, [nextBin, "build"], "next build (examples/nextjs-storefront)", { ...env, NEXT_TELEMETRY_DISABLED: "1" })
    fs.writeFileSync(stamp, hash)
    done.push(`built in ${((Date.now() - t) / 1000).toFixed(0)} s`)
  } else {
    done.push("build reused (sources unchanged)")
  }
  return done.join(", ")
}

/**
 * Starts the built storefront (`next start`) against a backend; resolves once it answers.
 * @returns {Promise<{ url: string, stop: () => Promise<void>, output: () => string }>}
 */
export async function startStorefront({ port, backendUrl, publishableKey, defaultRegion = "gb", timeoutMs = 60_000 }) {
  const child = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "localhost"], {
    cwd: storefrontDir,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      MEDUSA_BACKEND_URL: backendUrl,
      NEXT_PUBLIC_MEDUSA_PUBLISHABLE_KEY: publishableKey,
      NEXT_PUBLIC_DEFAULT_REGION: defaultRegion,
    },
    stdio: ["ignore", "pipe", "pipe"],
  })
  let output = ""
  child.stdout.on("data", (d) => (output += d))
  child.stderr.on("data", (d) => (output += d))
  const exited = new Promise((resolve) => child.once("exit", resolve))
  const url = `http://localhost:${port}`
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill("SIGTERM")
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000)
    await exited
    clearTimeout(timer)
  }
  const started = Date.now()
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the storefront stopped (exit ${child.exitCode}):\n${output.slice(-3000)}`)
    const ok = await fetch(`${url}/${defaultRegion}`).then((r) => r.ok, () => false)
    if (ok) break
    if (Date.now() - started > timeoutMs) {
      await stop()
      throw new Error(`the storefront did not answer on ${url} within ${timeoutMs / 1000} s:\n${output.slice(-3000)}`)
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  return { url, stop, output: () => output }
}
