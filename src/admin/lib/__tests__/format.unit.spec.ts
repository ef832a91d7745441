// Imported, not global: the admin's tsconfig (browser, Vite) knows no Jest globals.
import { describe, expect, it } from "@jest/globals"
import { formatCopies, formatDownloadsUsed, formatUsage } from "../format"

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
