// Imported, not global: the admin's tsconfig (browser, Vite) knows no Jest globals.
import { describe, expect, it } from "@jest/globals"
import { COUNTED, activityActor, activityDetail, formatBytes, formatCopies, formatCount, formatDownloadsUsed, formatUsage } from "../format"

describe("usage in the Admin", () => {
  it("shows copies without trailing zeros", () => {
    expect(formatCopies(1.1)).toBe("1.1")
    expect(formatCopies(1.10)).toBe("1.1")
    expect(formatCopies(2)).toBe("2")
    expect(formatCopies(0.25)).toBe("0.25")
    expect(formatCopies(0)).toBe("0")
    expect(formatCopies("1.50")).toBe("1.5")
    expect(formatCopies(null)).toBe("0")
  })

  it("rounds down, as the API does, so a grant never reads as used up before it is", () => {
    expect(formatCopies(4.999)).toBe("4.99")
    expect(formatCopies(0.29)).toBe("0.29")
    expect(formatCopies(1.104)).toBe("1.1")
  })

  it("shows used / limit, ∞ when unlimited", () => {
    expect(formatUsage(1.1, 5)).toBe("1.1 / 5")
    expect(formatUsage(2, 2)).toBe("2 / 2")
    expect(formatUsage(0, 3)).toBe("0 / 3")
    expect(formatUsage(1.1, null)).toBe("1.1 / ∞")
  })

  it("reads as a sentence", () => {
    expect(formatDownloadsUsed(1)).toBe("1 download used")
    expect(formatDownloadsUsed(1.1)).toBe("1.1 downloads used")
    expect(formatDownloadsUsed(0)).toBe("0 downloads used")
    expect(formatDownloadsUsed(3)).toBe("3 downloads used")
    expect(formatDownloadsUsed(0.5)).toBe("0.5 downloads used")
  })
})

describe("counted words in the Admin (English: one/other)", () => {
  const COUNTS = [0, 1, 2, 5, 22]
  const PHRASES: [keyof typeof COUNTED, string[]][] = [
    ["downloads", ["0 downloads", "1 download", "2 downloads", "5 downloads", "22 downloads"]],
    ["downloadsUsed", ["0 downloads used", "1 download used", "2 downloads used", "5 downloads used", "22 downloads used"]],
    ["downloadsIssued", ["0 downloads issued", "1 download issued", "2 downloads issued", "5 downloads issued", "22 downloads issued"]],
    ["days", ["0 days", "1 day", "2 days", "5 days", "22 days"]],
    ["orders", ["0 orders", "1 order", "2 orders", "5 orders", "22 orders"]],
    ["files", ["0 files", "1 file", "2 files", "5 files", "22 files"]],
    ["buyers", ["0 buyers", "1 buyer", "2 buyers", "5 buyers", "22 buyers"]],
    ["variants", ["0 variants", "1 variant", "2 variants", "5 variants", "22 variants"]],
    [
      "otherVariantsRequireShipping",
      [
        "0 other variants still require shipping",
        "1 other variant still requires shipping",
        "2 other variants still require shipping",
        "5 other variants still require shipping",
        "22 other variants still require shipping",
      ],
    ],
  ]
  it.each(PHRASES)("%s", (phrase, expected) => {
    expect(COUNTS.map((n) => formatCount(phrase, n))).toEqual(expected)
  })

  it("has a test for each phrase", () => {
    expect(PHRASES.map(([phrase]) => phrase).sort()).toEqual(Object.keys(COUNTED).sort())
  })

  it("downloads used, as a sentence for 0, 1, 2, 5 and 22 copies", () => {
    expect([0, 1, 2, 5, 22].map(formatDownloadsUsed)).toEqual([
      "0 downloads used",
      "1 download used",
      "2 downloads used",
      "5 downloads used",
      "22 downloads used",
    ])
    expect(formatDownloadsUsed(1000)).toBe("1,000 downloads used")
  })
})

describe("sizes in the Admin", () => {
  it.each([
    [0, "0 B"],
    [512, "512 B"],
    [1024, "1 KB"],
    [1536, "1.5 KB"],
    ["1572864", "1.5 MB"],
    [150.3 * 1024 ** 2, "150.3 MB"],
    [2.5 * 1024 ** 3, "2.5 GB"],
    [null, "—"],
    ["", "—"],
    ["x", "—"],
  ])("%s → %s", (bytes, words) => {
    expect(formatBytes(bytes)).toBe(words)
  })
})

describe("a grant's history in the Admin", () => {
  const entry = (action: string, rest: Partial<Parameters<typeof activityDetail>[0]> = {}) => ({
    action,
    actor_type: "user",
    actor_email: "admin@example.com",
    change: null,
    details: null,
    ...rest,
  })

  it("names who: the admin's email, an API key, or System", () => {
    expect(activityActor(entry("enabled"))).toBe("admin@example.com")
    expect(activityActor(entry("enabled", { actor_type: "api-key", actor_email: null }))).toBe("API key")
    expect(activityActor(entry("revoked", { actor_type: "system", actor_email: null }))).toBe("System")
  })

  it("says what changed, before → after, and why", () => {
    expect(activityDetail(entry("limit_changed", { change: { from: 5, to: null } }))).toBe("5 → ∞")
    expect(
      activityDetail(entry("limit_changed", { change: { from: 1, to: 4 }, details: { reason: "release", version: 2, version_label: "2.1.0", extra_downloads: 3 } }))
    ).toBe("1 → 4 · +3 with release 2.1.0")
    expect(
      activityDetail(entry("limit_changed", { change: { from: 1, to: 2 }, details: { reason: "release", version: 3, version_label: null, extra_downloads: 1 } }))
    ).toBe("1 → 2 · +1 with release version 3")
    expect(activityDetail(entry("usage_reset", { change: { from: 1.256, to: 0 } }))).toBe("1.25 → 0")
    expect(activityDetail(entry("expiry_changed", { change: { from: null, to: "2031-01-02T12:00:00.000Z" } }))).toMatch(/^Never → .*2031/)
    expect(activityDetail(entry("disabled", { change: { from: true, to: false }, details: { bulk: "disable" } }))).toBe("bulk action")
    expect(activityDetail(entry("revoked", { details: { reason: "refund" } }))).toBe("order refunded")
    expect(activityDetail(entry("issued", { details: { reason: "manual" } }))).toBe("by hand (Deliver now)")
    expect(activityDetail(entry("email_sent", { details: { kind: "resend", status: "failed" } }))).toBe("resent · failed")
    expect(activityDetail(entry("link_regenerated", { details: { scope: "order" } }))).toBe("all links of the order")
  })
})
