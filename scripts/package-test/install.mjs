// The tarball and what a store gets from installing it: `npm pack` and its
// contents, `npm install` (a peer conflict fails the test), one copy of the
// libraries the plugin shares with the dashboard, and the import paths the
// README promises.
import fs from "node:fs"
import { createRequire } from "node:module"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { PLUGIN } from "./scaffold.mjs"
import { run, StepError, tailOf, tempDir } from "./process.mjs"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..")

const EXPECTED_IN_TARBALL = [
  "package/package.json",
  "package/README.md",
  "package/LICENSE",
  "package/.medusa/server/src/admin/index.mjs",
  "package/.medusa/server/src/admin/index.js",
  "package/.medusa/server/src/modules/digital-delivery/index.js",
  "package/.medusa/server/src/modules/digital-delivery/service.js",
  "package/.medusa/server/src/providers/resend/index.js",
  "package/.medusa/server/src/workflows/index.js",
  "package/.medusa/server/src/api/middlewares.js",
  // The typed client (issue 16) with its declarations, and the OpenAPI document.
  "package/.medusa/server/src/client/index.js",
  "package/.medusa/server/src/client/index.d.ts",
  "package/.medusa/server/src/client/types.d.ts",
  "package/openapi.json",
]

/** `npm pack` (its `prepare` runs `medusa plugin:build`) into a temp folder; checks the tarball's files. */
export async function packPlugin() {
  const dir = tempDir("dd-package-pack-")
  const logFile = path.join(dir, "npm-pack.log")
  await run("npm", ["pack", "--pack-destination", dir], { cwd: root, env: process.env, logFile, what: "`npm pack` (with `medusa plugin:build`)" })
  const tarball = fs.readdirSync(dir).find((f) => f.endsWith(".tgz"))
  if (!tarball) throw new StepError(`\`npm pack\` wrote no tarball in ${dir}.`, tailOf(fs.readFileSync(logFile, "utf8")))
  const file = path.join(dir, tarball)
  const listing = await run("tar", ["tzf", file], { cwd: dir, env: process.env, logFile: path.join(dir, "tar.log"), what: "`tar tzf`" })
  const entries = listing.split("\n").filter(Boolean)
  const missing = EXPECTED_IN_TARBALL.filter((p) => !entries.includes(p))
  if (!entries.some((p) => /modules\/digital-delivery\/migrations\/Migration\d+\.js$/.test(p))) missing.push("the module's migrations")
  if (missing.length) throw new StepError(`The tarball lacks ${missing.join(", ")}.`)
  const strays = entries.filter((p) => /(__tests__|\.spec\.|\.test\.|\.ts$|(^|\/)src\/admin\/.*\.tsx$)/.test(p) && !p.endsWith(".d.ts"))
  if (strays.length) throw new StepError(`The tarball ships sources or tests: ${strays.slice(0, 5).join(", ")}.`)
  return { file, detail: `${tarball}, ${entries.length} files, ${(fs.statSync(file).size / 1024).toFixed(0)} KiB` }
}

/** `npm install` in the store: no peer conflict, the exact Medusa version; the detail names npm's warnings. */
export async function npmInstall(store) {
  const logFile = store.log("npm-install.log")
  let output
  try {
    // --prefer-offline: cached package data is used without asking the registry again.
    output = await store.run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], "npm-install.log", "`npm install`")
  } catch (err) {
    const log = fs.readFileSync(logFile, "utf8")
    if (/ERESOLVE/.test(log)) {
      throw new StepError(`npm cannot resolve the peer dependencies of a Medusa ${store.version} store with the plugin (ERESOLVE); full log: ${logFile}`, tailOf(log, 40))
    }
    throw err
  }
  const lines = output.split("\n")
  // A peer conflict npm papers over ("overriding peer dependency") is still a conflict.
  const conflicts = lines.filter((l) => /ERESOLVE|Conflicting peer dependency|overriding peer dependency/i.test(l))
  if (conflicts.length) {
    throw new StepError(`npm reports peer conflicts in a Medusa ${store.version} store with the plugin; full log: ${logFile}`, tailOf(output, 40))
  }
  const installed = JSON.parse(fs.readFileSync(path.join(store.host, "node_modules", "@medusajs", "framework", "package.json"), "utf8")).version
  if (installed !== store.version) throw new StepError(`npm installed @medusajs/framework ${installed}, not ${store.version}.`)
  // npm 11 lists install scripts that no allowScripts entry covers. It lists a
  // `prepare` only for non-registry sources (git, file:, link): the plugin's
  // `prepare` (medusa plugin:build) shows up here, not for a registry install.
  const scripts = lines.filter((l) => /^npm warn install-scripts\s+\S+@\S+ \(/.test(l)).map((l) => l.replace(/^npm warn install-scripts\s+/, ""))
  const warnings = lines.filter((l) => /^npm warn/i.test(l) && !/EBADENGINE|deprecated|install-scripts/i.test(l))
  return [
    scripts.length ? `npm lists install scripts not covered by allowScripts: ${scripts.join("; ")}` : "",
    warnings.length ? `${warnings.length} other npm warning(s), see logs/npm-install.log` : "",
  ]
    .filter(Boolean)
    .join("; ")
}

/** One copy of each library the plugin must share with the dashboard (nested copies counted). */
export function singleCopies(store) {
  const nm = path.join(store.host, "node_modules")
  const dupes = ["@tanstack/react-query", "react", "react-dom", "@medusajs/ui", "@medusajs/admin-sdk", "@medusajs/framework"]
    .map((name) => [name, findPackageCopies(nm, name)])
    .filter(([, copies]) => copies.length !== 1)
  if (dupes.length) {
    throw new StepError(
      `The store has ${dupes.map(([n, c]) => `${c.length} copies of ${n}`).join(", ")}.`,
      dupes.flatMap(([, c]) => c.map((p) => path.relative(store.host, p))).join("\n")
    )
  }
}

function findPackageCopies(nodeModules, name, found = []) {
  // Every node_modules/<name> below `nodeModules` (nested copies included).
  let entries
  try {
    entries = fs.readdirSync(nodeModules, { withFileTypes: true })
  } catch {
    return found
  }
  if (fs.existsSync(path.join(nodeModules, name, "package.json"))) found.push(path.join(nodeModules, name))
  for (const e of entries) {
    if (!e.isDirectory() || e.name.startsWith(".")) continue
    const dirs = e.name.startsWith("@") ? fs.readdirSync(path.join(nodeModules, e.name)).map((n) => path.join(e.name, n)) : [e.name]
    for (const d of dirs) findPackageCopies(path.join(nodeModules, d, "node_modules"), name, found)
  }
  return found
}

/** Every import path the README promises, resolved from the store's folder. */
const PROMISED_IMPORTS = [
  `${PLUGIN}/package.json`,
  `${PLUGIN}/providers/resend`,
  `${PLUGIN}/providers/digital-fulfillment`,
  `${PLUGIN}/workflows`,
  `${PLUGIN}/modules/digital-delivery`,
  `${PLUGIN}/admin`,
  `${PLUGIN}/client`,
  `${PLUGIN}/openapi.json`,
]

export function promisedImports(store) {
  const require = createRequire(path.join(store.host, "package.json"))
  const failures = []
  for (const spec of PROMISED_IMPORTS) {
    try {
      const file = require.resolve(spec)
      if (!fs.existsSync(file)) failures.push(`${spec} → ${file} (missing)`)
    } catch (err) {
      failures.push(`${spec}: ${err.code ?? err.message}`)
    }
  }
  // The ESM entry of the admin extensions, which the Admin bundler imports.
  const mjs = path.join(store.host, "node_modules", PLUGIN, ".medusa", "server", "src", "admin", "index.mjs")
  if (!fs.existsSync(mjs)) failures.push(`${PLUGIN}/admin (import) → ${mjs} (missing)`)
  if (failures.length) throw new StepError(`Some import paths do not resolve in the store.`, failures.join("\n"))
  return `${PROMISED_IMPORTS.length} paths`
}
