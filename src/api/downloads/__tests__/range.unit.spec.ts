import { isRangeFresh, parseRange, parseRangeHeader, rangeStart } from "../range"

describe("Range parsing", () => {
  const size = 1000

  it.each([
    ["bytes=0-499", { start: 0, end: 499 }],
    ["bytes=500-", { start: 500, end: 999 }],
    ["bytes=-100", { start: 900, end: 999 }],
    ["bytes=-5000", { start: 0, end: 999 }],
    ["bytes=900-5000", { start: 900, end: 999 }],
    ["BYTES = 10 - 20", { start: 10, end: 20 }],
  ])("%s is a single range", (header, range) => {
    expect(parseRange(header, size)).toEqual({ type: "range", range })
  })

  it.each([
    [undefined],
    [""],
    ["bytes=500-100"], // reversed
    ["bytes=0-1,5-6"], // several ranges: the whole file
    ["items=0-10"],
    ["bytes=abc"],
    ["bytes=-"],
    ["bytes=" + "9".repeat(400) + "-"], // not a safe integer
    ["bytes=" + "0-1,".repeat(1000)], // huge header
  ])("%s is ignored", (header) => {
    expect(parseRange(header as string | undefined, size)).toEqual({ type: "none" })
  })

  it.each([["bytes=1000-"], ["bytes=5000-6000"], ["bytes=-0"]])("%s is unsatisfiable", (header) => {
    expect(parseRange(header, size)).toEqual({ type: "unsatisfiable" })
  })

  it("knows where a spec starts before and after the size is known", () => {
    expect(rangeStart(parseRangeHeader("bytes=300-"), size)).toBe(300)
    expect(rangeStart(parseRangeHeader("bytes=-100"), size)).toBe(900)
    expect(rangeStart(null, size)).toBe(0)
  })
})

describe("If-Range", () => {
  const etag = '"v1-abc"'
  const modified = new Date("2026-01-01T10:00:00Z")

  it("applies the range when the ETag or date matches", () => {
    expect(isRangeFresh(undefined, etag, modified)).toBe(true)
    expect(isRangeFresh('"v1-abc"', etag, modified)).toBe(true)
    expect(isRangeFresh(modified.toUTCString(), etag, modified)).toBe(true)
  })

  it("ignores the range when the file changed or the validator is weak or absurd", () => {
    expect(isRangeFresh('"v2-def"', etag, modified)).toBe(false)
    expect(isRangeFresh('W/"v1-abc"', etag, modified)).toBe(false)
    expect(isRangeFresh(new Date("2025-01-01").toUTCString(), etag, modified)).toBe(false)
    expect(isRangeFresh("yesterday-ish", etag, modified)).toBe(false)
  })
})
