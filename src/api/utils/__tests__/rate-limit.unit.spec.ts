import { memoryCounters, RateLimiter } from "../rate-limit"

const rules = { window_seconds: 1, downloads_per_ip: 3, downloads_per_grant: 2, logins_per_ip: 1 }
const logger = { warn: jest.fn() } as any

describe("RateLimiter", () => {
  it("lets the limit through, then asks to wait until the window ends", async () => {
    const limiter = new RateLimiter(rules, memoryCounters, logger)
    const ip = [{ kind: "download_ip" as const, id: "1.2.3.4" }]
    expect(await limiter.check(ip)).toBe(0)
    expect(await limiter.check(ip)).toBe(0)
    expect(await limiter.check(ip)).toBe(0)
    const wait = await limiter.check(ip)
    expect(wait).toBeGreaterThanOrEqual(1)
    expect(wait).toBeLessThanOrEqual(rules.window_seconds)
    // Another address, another counter.
    expect(await limiter.check([{ kind: "download_ip", id: "5.6.7.8" }])).toBe(0)
  })

  it("refuses when any of the request's counters is over its own limit", async () => {
    const limiter = new RateLimiter(rules, memoryCounters, logger)
    const both = (ip: string) => [
      { kind: "download_ip" as const, id: ip },
      { kind: "download_grant" as const, id: "grant_1" },
    ]
    expect(await limiter.check(both("a"))).toBe(0)
    expect(await limiter.check(both("b"))).toBe(0)
    expect(await limiter.check(both("c"))).toBeGreaterThan(0) // the grant's third request
  })

  it("opens a new window when the old one ends", async () => {
    const limiter = new RateLimiter(rules, memoryCounters, logger)
    const login = [{ kind: "login_ip" as const, id: "9.9.9.9" }]
    expect(await limiter.check(login)).toBe(0)
    expect(await limiter.check(login)).toBeGreaterThan(0)
    await new Promise((r) => setTimeout(r, 1100))
    expect(await limiter.check(login)).toBe(0)
  })

  it("lets requests through (and says so once) when the counters cannot be reached", async () => {
    const warn = jest.fn()
    const broken = () => ({ consume: async () => { throw new Error("connection refused") } })
    const limiter = new RateLimiter(rules, broken, { warn } as any)
    for (let i = 0; i < 5; i++) expect(await limiter.check([{ kind: "login_ip", id: "x" }])).toBe(0)
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0][0]).toMatch(/connection refused/)
  })
})
