/** The two calls of knex's pool client that the hot path uses. */
export type PoolClient<C> = { acquireConnection(): Promise<C>; releaseConnection(conn: C): Promise<void> }

type Waiting = { deadline: number; ms: number; settled: boolean; reject: (err: Error) => void }

/**
 * Database connections with a deadline. Acquisitions still waiting are kept
 * here; one sweeper (4 times a second, only while some wait) refuses those
 * past their deadline: no timer per request. One instance per module service.
 */
export class AcquireDeadlines {
  private readonly waiting = new Set<Waiting>()
  private sweeper: NodeJS.Timeout | null = null

  /**
   * A pooled connection, or an error once `ms` have passed (within 250 ms). A
   * connection that arrives after the deadline goes straight back to the pool:
   * the statement the caller gave up on never runs later (it would reserve a
   * download the buyer was told was refused).
   */
  acquire<C>(client: PoolClient<C>, ms: number): Promise<C> {
    return new Promise<C>((resolve, reject) => {
      const w: Waiting = { deadline: Date.now() + ms, ms, settled: false, reject }
      this.waiting.add(w)
      if (!this.sweeper) {
        this.sweeper = setInterval(() => this.sweep(), 250)
        this.sweeper.unref()
      }
      client.acquireConnection().then(
        (conn) => {
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
