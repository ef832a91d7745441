import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/knex"

/** The two calls of knex's pool client that the hot path uses. */
export type PoolClient<C> = { acquireConnection(): Promise<C>; releaseConnection(conn: C): Promise<void> }

type Waiting = { started: number; deadline: number; ms: number; settled: boolean; reject: (err: Error) => void }

/** How much longer than its deadline a request may wait while the pool is busy but serving: 12 × (a minute for the 5 s deadline). */
const BUSY_POOL_PATIENCE = 12
const SERVING_WINDOW_MS = 1000

/**
 * Database connections with a deadline. Acquisitions still waiting are kept
 * here; one sweeper (4 times a second, only while some wait) refuses those
 * past their deadline: no timer per request. A deadline means "the database
 * does not answer": while the pool keeps handing out connections (a launch,
 * a thousand buyers at once), requests past it keep their place in the queue,
 * up to BUSY_POOL_PATIENCE times their deadline, instead of being refused.
 * One instance per module service.
 */
export class AcquireDeadlines {
  private readonly waiting = new Set<Waiting>()
  private sweeper: NodeJS.Timeout | null = null
  private lastAcquiredAt = 0

  /**
   * A pooled connection, or an error once `ms` have passed (within 250 ms). A
   * connection that arrives after the deadline goes straight back to the pool:
   * the statement the caller gave up on never runs later (it would reserve a
   * download the buyer was told was refused).
   */
  acquire<C>(client: PoolClient<C>, ms: number): Promise<C> {
    return new Promise<C>((resolve, reject) => {
      const started = Date.now()
      const w: Waiting = { started, deadline: started + ms, ms, settled: false, reject }
      this.waiting.add(w)
      if (!this.sweeper) {
        this.sweeper = setInterval(() => this.sweep(), 250)
        this.sweeper.unref()
      }
      client.acquireConnection().then(
        (conn) => {
          this.lastAcquiredAt = Date.now()
          if (w.settled) return void client.releaseConnection(conn).catch(() => undefined)
          w.settled = true
          this.waiting.delete(w)
          resolve(conn)
        },
        (err: Error) => {
          if (w.settled) return
          w.settled = true
          this.waiting.delete(w)
          reject(err)
        }
      )
    })
  }

  private sweep() {
    const now = Date.now()
    for (const w of this.waiting) {
      if (w.deadline > now) continue
      // Serving = a connection handed out within the last second (a database
      // that went away stops that at once: its broken connections fail fast).
      const poolServing = now - this.lastAcquiredAt < Math.min(SERVING_WINDOW_MS, w.ms)
      if (poolServing && now - w.started < w.ms * BUSY_POOL_PATIENCE) continue
      this.waiting.delete(w)
      w.settled = true
      w.reject(new Error(`no database connection within ${w.ms} ms`))
    }
    if (!this.waiting.size && this.sweeper) {
      clearInterval(this.sweeper)
      this.sweeper = null
    }
  }
}

/**
 * How long a download waits for a database connection before it is refused
 * with 503 (the database is restarting, the pool is exhausted): the buyer gets
 * a clear answer instead of a request hanging for the pool's own timeout.
 */
export const HOT_PATH_ACQUIRE_TIMEOUT_MS = 5000

/** Type parsers that parse nothing: columns stay PostgreSQL's text (no Date or number built for columns not read). */
export const rawText = { getTypeParser: () => (value: string) => value }

type PreparedQuery = { name: string; text: string; values: unknown[]; types?: typeof rawText }
type Conn = { query(q: PreparedQuery): Promise<{ rows: unknown[] }> }

/**
 * The download hot path's statements: each runs as a named prepared statement
 * on a connection taken from knex's pool (outside any transaction) within
 * HOT_PATH_ACQUIRE_TIMEOUT_MS. One instance per module service.
 */
export class DeadlineConnections {
  private readonly deadlines = new AcquireDeadlines()

  /** `manager`: the module's root entity manager (no per-call fork on the hot path). */
  constructor(private readonly manager: SqlEntityManager) {}

  /**
   * Runs a named prepared statement: parsing and planning the same statement
   * on every request would cost more than running it.
   */
  async prepared<T = Record<string, unknown>>(name: string, text: string, values: unknown[], types?: typeof rawText): Promise<T[]> {
    const client = this.manager.getKnex().client as PoolClient<Conn>
    const conn = await this.deadlines.acquire(client, HOT_PATH_ACQUIRE_TIMEOUT_MS)
    try {
      return (await conn.query({ name, text, values, types })).rows as T[]
    } finally {
      await client.releaseConnection(conn)
    }
  }
}
