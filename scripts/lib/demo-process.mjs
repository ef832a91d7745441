// Starts `scripts/demo.mjs` as a child process for tests, waits until it is
// ready, and stops it with SIGINT as a person would with Ctrl-C.
import { spawn } from "node:child_process"
import fs from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..")

/** `args`: more of demo.mjs's options (e.g. ["--storefront", "--storefront-port", "8123"]). */
export async function startDemo({ dir, port, reset = true, timeoutMs = 10 * 60_000, env = {}, args = [] }) {
  const child = spawn(process.execPath, [path.join(root, "scripts", "demo.mjs"), ...(reset ? ["--reset"] : []), ...args], {
    cwd: root,
    env: { ...process.env, DEMO_DIR: dir, PORT: String(port), DATABASE_URL: "", RESEND_API_KEY: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  })
  let output = ""
  child.stdout.on("data", (d) => (output += d))
  child.stderr.on("data", (d) => (output += d))
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })))
  const factsFile = path.join(dir, "demo.json")
  const started = Date.now()
  let facts = null
  while (!facts && Date.now() - started < timeoutMs && child.exitCode === null) {
    if (fs.existsSync(factsFile) && /is ready/.test(output)) facts = JSON.parse(fs.readFileSync(factsFile, "utf8"))
    else await new Promise((r) => setTimeout(r, 1000))
  }
  return {
    facts,
    seconds: (Date.now() - started) / 1000,
    output: () => output,
    /** Ctrl-C: resolves with the exit code (or "timeout"). */
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode
      child.kill("SIGINT")
      const { code } = await Promise.race([exited, new Promise((r) => setTimeout(() => r({ code: "timeout" }), 60_000))])
      if (code === "timeout") child.kill("SIGKILL")
      return code
    },
  }
}

/** A tiny check list that prints ✓/✕ lines and the closing `N passed, N failed`. */
export function checklist() {
  const results = []
  return {
    check(name, ok, detail = "") {
      results.push(!!ok)
      console.log(`${ok ? "✓" : "✕"} ${name}${detail ? ` — ${detail}` : ""}`)
      return !!ok
    },
    async step(name, fn) {
      try {
        const detail = await fn()
        results.push(true)
        console.log(`✓ ${name}${typeof detail === "string" && detail ? ` — ${detail}` : ""}`)
        return true
      } catch (err) {
        results.push(false)
        console.log(`✕ ${name} — ${err?.message ?? err}`)
        return false
      }
    },
    get failed() {
      return results.includes(false)
    },
    summary() {
      const passed = results.filter(Boolean).length
      console.log(`\n${passed} passed, ${results.length - passed} failed`)
      return results.every(Boolean) && results.length > 0
    },
  }
}
