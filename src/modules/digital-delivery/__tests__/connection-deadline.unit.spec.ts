import { AcquireDeadlines, type PoolClient } from "../utils/connection-deadline"

/** A pool of `size` connections that hands them out in order of asking, when one is released. */
function fakePool(size: number) {
  let free = size
  const queue: ((conn: number) => void)[] = []
  let next = 1
  const client: PoolClient<number> = {
    acquireConnection: () =>
      new Promise<number>((resolve) => {
        if (free > 0) {
          free--
          resolve(next++)
        } else {
          queue.push(resolve)
        }
      }),
    releaseConnection: async () => {
      const waiter = queue.shift()
      if (waiter) waiter(next++)
      else free++
    },
  }
  return client
}

describe("database connections with a deadline", () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }))
  afterEach(() => jest.useRealTimers())

  it("refuses a request after its deadline when the pool hands out nothing (the database does not answer)", async () => {
    const deadlines = new AcquireDeadlines()
    const pool = fakePool(0)
    const outcome = deadlines.acquire(pool, 5000).then(
      () => "connected",
      (err: Error) => err.message
    )
    await jest.advanceTimersByTimeAsync(5500)
    expect(await outcome).toBe("no database connection within 5000 ms")
  })

  it("keeps a request queued past its deadline while the pool is busy but serving others", async () => {
    const deadlines = new AcquireDeadlines()
    const pool = fakePool(1)
    let held = await deadlines.acquire(pool, 5000)
    // Sixteen buyers ahead in the queue, then this one.
    const ahead = Array.from({ length: 16 }, () => deadlines.acquire(pool, 5000))
    let outcome: string | null = null
    void deadlines.acquire(pool, 5000).then(
      () => (outcome = "connected"),
      () => (outcome = "refused")
    )
    // Twice a second a connection comes back and serves the next in line.
    for (const next of ahead) {
      await jest.advanceTimersByTimeAsync(500)
      await pool.releaseConnection(held)
      held = await next
    }
    expect(outcome).toBeNull() // 8 s: past its deadline, still waiting its turn
    await pool.releaseConnection(held)
    await jest.advanceTimersByTimeAsync(0)
    expect(outcome).toBe("connected")
  })

  it("still refuses a request that waited far beyond its deadline", async () => {
    const deadlines = new AcquireDeadlines()
    const pool = fakePool(1)
    const held = await deadlines.acquire(pool, 1000)
    const starved = deadlines.acquire(pool, 1000).then(
      () => "connected",
      (err: Error) => err.message
    )
    // Connections keep being handed out (another pool of the same service), never to this request.
    const other = fakePool(1)
    for (let s = 0; s < 28; s++) {
      await jest.advanceTimersByTimeAsync(500)
      await other.releaseConnection(await deadlines.acquire(other, 1000))
    }
    expect(await starved).toBe("no database connection within 1000 ms")
    await pool.releaseConnection(held)
  })
})
