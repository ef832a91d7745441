import { resolveOptions } from "../utils/options"

describe("plugin options", () => {
  it("requires a secret in production, with a message naming it", () => {
    expect(() => resolveOptions({}, { NODE_ENV: "production" })).toThrow(/`secret` is required when NODE_ENV=production/)
  })

  it("generates a secret in development and says so", () => {
    const options = resolveOptions({}, { NODE_ENV: "development" })
    expect(options.secret).toHaveLength(64)
    expect(options.secret_generated).toBe(true)
  })

  it("fills in defaults", () => {
    const options = resolveOptions({ secret: "x".repeat(32) }, {})
    expect(options).toEqual(
      expect.objectContaining({
        default_max_downloads: 5,
        default_validity_days: 30,
        backend_url: "http://localhost:9000",
        secret_generated: false,
      })
    )
  })

  it("keeps null (unlimited) when asked", () => {
    const options = resolveOptions({ secret: "x".repeat(32), default_max_downloads: null, default_validity_days: null }, {})
    expect(options.default_max_downloads).toBeNull()
    expect(options.default_validity_days).toBeNull()
  })

  it("accepts the retired resume_window_minutes (a store still boots) and says it is ignored", () => {
    const options = resolveOptions({ secret: "x".repeat(32), resume_window_minutes: 360 }, {})
    expect(options.deprecated).toEqual([expect.stringMatching(/`resume_window_minutes` is ignored/)])
    expect(options).not.toHaveProperty("resume_window_minutes")
    expect(resolveOptions({ secret: "x".repeat(32) }, {}).deprecated).toEqual([])
  })

  it.each([
    [{ secret: "short" }, /`secret`.*at least 32/],
    [{ default_max_downloads: 0 }, /`default_max_downloads`/],
    [{ default_validity_days: "30" }, /`default_validity_days`/],
    [{ backend_url: "not a url" }, /`backend_url`/],
    [{ download_mode: "fast" }, /`download_mode`/],
  ])("rejects %j", (raw, message) => {
    expect(() => resolveOptions(raw, {})).toThrow(message)
  })
})
