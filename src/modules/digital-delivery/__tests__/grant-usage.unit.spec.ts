import { downloadsLeft, shownUsage } from "../utils/grant-rules"

describe("shownUsage: copies as the API shows them", () => {
  it("rounds down to 2 decimals", () => {
    expect(shownUsage(1.104)).toBe(1.1)
    expect(shownUsage(1.109999)).toBe(1.1)
    expect(shownUsage(0.25)).toBe(0.25)
    expect(shownUsage(0.29)).toBe(0.29) // 0.29 × 100 is 28.999…: not 0.28
    expect(shownUsage(1.005)).toBe(1)
    expect(shownUsage(2)).toBe(2)
    expect(shownUsage(0.000001)).toBe(0)
  })

  it("reads numeric strings and treats a missing value as 0", () => {
    expect(shownUsage("2.500000")).toBe(2.5)
    expect(shownUsage("0")).toBe(0)
    expect(shownUsage(null)).toBe(0)
    expect(shownUsage(undefined)).toBe(0)
  })

  it("reads as the limit or more only when the grant is exhausted", () => {
    for (const max of [1, 2, 3, 5, 10, 100]) {
      for (const used of [max - 1, max - 0.5, max - 0.01, max - 0.001, max - 0.000001, max, max + 0.000001, max + 0.4]) {
        const exhausted = used >= max
        expect({ max, used, shown: shownUsage(used) >= max }).toEqual({ max, used, shown: exhausted })
      }
    }
  })
})

describe("downloadsLeft: whole downloads a buyer has left", () => {
  it("is null when unlimited", () => {
    expect(downloadsLeft({ max_downloads: null, downloads_used: 7.5 })).toBeNull()
  })

  it("rounds down what is left", () => {
    expect(downloadsLeft({ max_downloads: 5, downloads_used: 0 })).toBe(5)
    expect(downloadsLeft({ max_downloads: 5, downloads_used: 1.104 })).toBe(3)
    expect(downloadsLeft({ max_downloads: 5, downloads_used: 2.3 })).toBe(2)
    expect(downloadsLeft({ max_downloads: 3, downloads_used: 1.9 })).toBe(1)
    expect(downloadsLeft({ max_downloads: 3, downloads_used: 0.000001 })).toBe(2)
    expect(downloadsLeft({ max_downloads: 1, downloads_used: 0.7 })).toBe(0)
  })

  it("counts whole copies exactly, despite floating point", () => {
    expect(downloadsLeft({ max_downloads: 3, downloads_used: 1 })).toBe(2)
    // Sums of settled parts land just below or just above the whole copy they add up to.
    expect(0.7 + 0.2 + 0.1).toBeLessThan(1)
    expect(downloadsLeft({ max_downloads: 3, downloads_used: 0.7 + 0.2 + 0.1 })).toBe(2)
    expect(downloadsLeft({ max_downloads: 3, downloads_used: 1 + Number.EPSILON })).toBe(2)
    expect(downloadsLeft({ max_downloads: 10, downloads_used: 7 + 8 * Number.EPSILON })).toBe(3)
  })

  it("is never negative (usage over a lowered limit)", () => {
    expect(downloadsLeft({ max_downloads: 5, downloads_used: 5 })).toBe(0)
    expect(downloadsLeft({ max_downloads: 5, downloads_used: 4.999999 })).toBe(0)
    expect(downloadsLeft({ max_downloads: 2, downloads_used: 7 })).toBe(0)
  })

  it("reads numeric strings and treats a missing value as 0", () => {
    expect(downloadsLeft({ max_downloads: 3, downloads_used: "1.500000" })).toBe(1)
    expect(downloadsLeft({ max_downloads: 3, downloads_used: null })).toBe(3)
    expect(downloadsLeft({ max_downloads: 3, downloads_used: undefined })).toBe(3)
  })
})
