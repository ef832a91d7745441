// What the package test prints: a ✓/✕ line per step ("[version] step — detail (time)"),
// the Timings block, and the closing `N passed, N failed`.
import { checklist } from "../lib/demo-process.mjs"
import { seconds } from "./process.mjs"

const checks = checklist()
/** version → [[step, seconds, ok]] */
const timings = new Map()

/** A check that is not a step (not timed): prints its ✓/✕ line. */
export const check = (name, ok, detail) => checks.check(name, ok, detail)
export const anyFailed = () => checks.failed
/** Prints `N passed, N failed`; true when every check passed. */
export const summary = () => checks.summary()

/** Runs `fn` as a check, timed; returns its value, or undefined when it failed. */
export async function timedStep(version, name, fn) {
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

/**
 * Runs `[name, fn]` steps in order with `step` while each returns a truthy value
 * (as a chain of `&&` would); true when all did.
 */
export async function inOrder(step, steps) {
  for (const [name, fn] of steps) if (!(await step(name, fn))) return false
  return true
}

export function printTimings(runStarted) {
  console.log("\nTimings (s; a store's npm install runs alongside the other stores'):")
  for (const [version, list] of timings) {
    console.log(`  ${version === "all" ? "shared" : `Medusa ${version}`}: ${list.map(([n, s, ok]) => `${ok ? "" : "✕ "}${n.split(" (")[0]} ${s.toFixed(1)}`).join(" · ")}`)
    console.log(`    total ${list.reduce((t, [, s]) => t + s, 0).toFixed(1)}`)
  }
  console.log(`  wall time ${seconds(Date.now() - runStarted)}`)
}
