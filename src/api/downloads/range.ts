import type { RangeSpec } from "../../modules/digital-delivery/types"

/**
 * Range handling for one resource of a known size, after RFC 9110 §14.
 * Only single ranges are served as 206; several ranges are answered with the
 * whole representation (allowed by the RFC, and what `send` does).
 *
 * Kept instead of jshttp's `range-parser` (what `send` uses), for two reasons:
 * - it needs the size to parse, and here the header is parsed before the size
 *   is known: the admission statement reads the file's size and reserves the
 *   range's bytes in one SQL statement (modules/…/types.ts `RangeSpec`);
 * - it reads leniently (parseInt), where the tests pin RFC 9110's strict
 *   reading: "bytes=5-2", "bytes=abc", "bytes=--1" would be 416 instead of
 *   ignored, "bytes=0x10-", "bytes=1e3-", "bytes=1-2-3" would be served as
 *   ranges 0-, 1-, 1-2, and numbers past 2^53 would be used as they round.
 */
export type ByteRange = { start: number; end: number }

export type RangeResult =
  | { type: "none" } // no usable Range: serve everything
  | { type: "range"; range: ByteRange }
  | { type: "unsatisfiable" }

const MAX_RANGE_HEADER = 1024

export type { RangeSpec }

/**
 * What a Range header asks for, before the size is known: a first byte (with an
 * optional last byte) or a suffix length. null means "ignore the header": absent,
 * another unit, malformed, reversed, or several ranges.
 */
export function parseRangeHeader(header: string | undefined): RangeSpec | null {
  if (!header || header.length > MAX_RANGE_HEADER) {
    return null
  }
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header)
  if (!match || (match[1] === "" && match[2] === "")) {
    return null
  }
  if (match[1] === "") {
    const suffix = Number(match[2])
    return Number.isSafeInteger(suffix) ? { suffix } : null
  }
  const start = Number(match[1])
  const end = match[2] === "" ? null : Number(match[2])
  if (!Number.isSafeInteger(start) || (end !== null && !Number.isSafeInteger(end))) {
    return null
  }
  if (end !== null && end < start) {
    return null // invalid range-spec: ignore the header (RFC 9110 §14.1.1)
  }
  return { start, end }
}

/** Where a spec starts for a resource of this size (a suffix counts from the end). */
export function rangeStart(spec: RangeSpec | null, size: number): number {
  if (!spec) {
    return 0
  }
  return "suffix" in spec ? Math.max(size - spec.suffix, 0) : spec.start
}

export function resolveRange(spec: RangeSpec | null, size: number): RangeResult {
  if (!spec) {
    return { type: "none" }
  }
  if ("suffix" in spec) {
    if (spec.suffix === 0 || size === 0) {
      return { type: "unsatisfiable" }
    }
    return { type: "range", range: { start: Math.max(size - spec.suffix, 0), end: size - 1 } }
  }
  if (spec.start >= size) {
    return { type: "unsatisfiable" }
  }
  const end = spec.end === null ? size - 1 : Math.min(spec.end, size - 1)
  return { type: "range", range: { start: spec.start, end } }
}

export function parseRange(header: string | undefined, size: number): RangeResult {
  return resolveRange(parseRangeHeader(header), size)
}

/**
 * If-Range: the Range applies only when the validator matches the current
 * representation (strong ETag comparison, or an exact Last-Modified date).
 */
export function isRangeFresh(
  ifRange: string | undefined,
  etag: string,
  lastModified: Date | null
): boolean {
  if (!ifRange) {
    return true
  }
  const value = ifRange.trim()
  if (value.startsWith('"') || value.startsWith("W/")) {
    return !value.startsWith("W/") && value === etag
  }
  if (!lastModified) {
    return false
  }
  // RFC 9110 §13.1.5: a date validator holds only when it is exactly the
  // Last-Modified date (to the second); any other date, later ones included,
  // means "send the whole file".
  const date = Date.parse(value)
  return (
    !Number.isNaN(date) &&
    Math.floor(lastModified.getTime() / 1000) === Math.floor(date / 1000)
  )
}

export function contentRange(range: ByteRange, size: number): string {
  return `bytes ${range.start}-${range.end}/${size}`
}
