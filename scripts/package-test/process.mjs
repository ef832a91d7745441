// The commands the package test runs and the temp folders it writes, and how it
// stops and removes them all: at its end, on Ctrl-C, or on an unexpected exit.
import { spawn } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"

export class StepError extends Error {
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

export function tailOf(text, lines = 30) {
  // Medusa colours its logs; the tail is for people.
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, "").trimEnd().split("\n").slice(-lines).join("\n")
}

export const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`

export async function waitFor(check, { timeoutMs, what, interval = 500 }) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new StepError(`Timed out after ${timeoutMs / 1000} s waiting for ${what}.`)
    await new Promise((r) => setTimeout(r, interval))
  }
}

// ------------------------------------------------------------ child processes

const children = new Set()

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

/** SIGTERM, up to `graceMs` for it to end, then SIGKILL. */
export async function stopTree(child, graceMs) {
  killTree(child, "SIGTERM")
  await Promise.race([new Promise((r) => child.once("close", r)), new Promise((r) => setTimeout(r, graceMs))])
  killTree(child, "SIGKILL")
}

/**
 * Starts a command in its own process group (so killTree reaches what it
 * starts), its output kept and written to `logFile`; the log is closed and the
 * child forgotten when it ends.
 */
export function spawnLogged(cmd, args, { cwd, env, logFile }) {
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
export function run(cmd, args, { cwd, env, logFile, what, timeoutMs = 10 * 60_000 }) {
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

// ------------------------------------------------------------ temp folders

const tempDirs = []
const keptDirs = []

export function tempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  tempDirs.push(dir)
  return dir
}

/** KEEP=1: `dir` stays after the run. */
export const keepDir = (dir) => keptDirs.push(dir)
export const keptDirList = () => [...keptDirs]

// ------------------------------------------------------------ cleaning up

const closers = []
/** `close` runs at cleanup, after every child is stopped and before the temp folders go. */
export const atCleanup = (close) => closers.push(close)

let cleaning = null
export function cleanup() {
  cleaning ??= (async () => {
    for (const child of children) killTree(child, "SIGTERM")
    await new Promise((r) => setTimeout(r, children.size ? 1500 : 0))
    for (const child of children) killTree(child, "SIGKILL")
    for (const close of closers) await close()?.catch(() => {})
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
