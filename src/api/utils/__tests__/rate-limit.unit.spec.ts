import { memoryCounters, RateLimiter } from "../rate-limit"

const rules = {
  window_seconds: 1,
  downloads_per_ip: 3,
  downloads_per_grant: 2,
  logins_per_ip: 1,
  previews_per_ip: 4,
  licenses_per_ip: 5,
  licenses_per_key: 5,
  resends_per_order: 2,
  resends_per_ip: 3,
  resend_window_seconds: 600,
}
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

  it("counts resends per order and per address in their own, longer window", async () => {
    const limiter = new RateLimiter(rules, memoryCounters, logger)
    const ask = (order: string, ip: string) => limiter.check([{ kind: "resend_order", id: order }, { kind: "resend_ip", id: ip }])
    expect(await ask("order_1", "1.1.1.1")).toBe(0)
    expect(await ask("order_1", "2.2.2.2")).toBe(0)
    // The order's third request within the window, from a third address: refused for the window's rest (minutes, not the download window's second).
    const wait = await ask("order_1", "3.3.3.3")
    expect(wait).toBeGreaterThan(500)
    expect(wait).toBeLessThanOrEqual(600)
    // Per address: 3 asks for different orders pass, the 4th does not.
    expect(await ask("order_2", "9.9.9.9")).toBe(0)
    expect(await ask("order_3", "9.9.9.9")).toBe(0)
    expect(await ask("order_4", "9.9.9.9")).toBe(0)
    expect(await ask("order_5", "9.9.9.9")).toBeGreaterThan(500)
  })
})
