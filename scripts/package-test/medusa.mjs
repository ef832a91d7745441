// The store's own Medusa CLI, as its owner runs it: `medusa db:migrate`,
// `medusa user`, `medusa build`, and a production start from `.medusa/server`.
import fs from "node:fs"
import path from "node:path"
import { seconds, spawnLogged, StepError, stopTree, tailOf, waitFor } from "./process.mjs"

export async function migrate(store) {
  const out = await store.medusa(["db:migrate"], "db-migrate.log")
  const plugin = /MODULE: digital_delivery/.test(tailOf(out, 100_000))
  if (!plugin) throw new StepError(`\`medusa db:migrate\` did not mention the plugin's module: were its migrations found?`, tailOf(out))
}

export async function createAdminUser(store) {
  await store.medusa(["user", "-e", store.admin.email, "-p", store.admin.password], "user.log")
}

export async function build(store) {
  await store.medusa(["build"], "build.log")
  const index = path.join(store.host, ".medusa", "server", "public", "admin", "index.html")
  if (!fs.existsSync(index)) throw new StepError(`\`medusa build\` wrote no Admin (${path.relative(store.host, index)} is missing).`)
}

/** Starts the built store; resolves once /health answers with the server ({ child, output, logFile }). */
export async function startBuilt(store) {
  // Medusa's deployment docs (docs.medusajs.com/learn/build): cd .medusa/server,
  // `npm install`, then `npm run start` with NODE_ENV=production. The build's
  // package.json is the store's, so instead of a second install the store's
  // node_modules is linked in.
  const built = path.join(store.host, ".medusa", "server")
  fs.symlinkSync(path.join(store.host, "node_modules"), path.join(built, "node_modules"), "dir")
  const logFile = store.log("medusa-start.log")
  const { child, output } = spawnLogged(store.medusaBin, ["start"], { cwd: built, env: { ...store.env, NODE_ENV: "production" }, logFile })
  const started = Date.now()
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new StepError(`Medusa exited (code ${child.exitCode}) before answering /health; full log: ${logFile}`, tailOf(output()))
        return fetch(`${store.backendUrl}/health`).then((r) => r.ok, () => false)
      },
      { timeoutMs: 180_000, what: `${store.backendUrl}/health`, interval: 300 }
    )
  } catch (err) {
    if (err instanceof StepError && !/exited/.test(err.message)) throw new StepError(`${err.message.split("\n")[0]} Full log: ${logFile}`, tailOf(output()))
    throw err
  }
  return { child, output, logFile, detail: `ready ${seconds(Date.now() - started)} after spawn` }
}

/** Stops a server startBuilt started (up to 10 s to end on SIGTERM). */
export const stopServer = (server) => stopTree(server.child, 10_000)
