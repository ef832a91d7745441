import type { MedusaResponse } from "@medusajs/framework/http"
import { contentDisposition } from "./content-disposition"
import { contentRange, type ByteRange } from "./range"
import type { DownloadAdmission } from "../../modules/digital-delivery/types"
import { BoundedMap } from "../../modules/digital-delivery/utils/bounded-map"

type Asset = DownloadAdmission["asset"]

/** Headers of every response that carries (or points to) a paid file: single downloads, redirects and the order ZIP. */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Cache-Control": "private, no-store, no-transform",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Content-Security-Policy": "default-src 'none'; sandbox",
}

/** Sets SECURITY_HEADERS on a response whose other headers come separately (redirects, the ZIP). */
export function setSecurityHeaders(res: MedusaResponse) {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value)
}

/** A strong validator of the file's current version. */
export function etagOf(asset: Asset): string {
  const tag = asset.sha256 ? asset.sha256.slice(0, 32) : `${asset.id}-${asset.size}`
  return `"v${asset.version}-${tag}"`
}

export function lastModifiedOf(asset: Asset): Date | null {
  return asset.file_updated_at ? new Date(asset.file_updated_at) : null
}

/**
 * The headers of a whole file's bytes, per file version and name: built once
 * (the Content-Disposition encoding, the ETag and the date are the costly
 * part of a small download's work in Node), at most WHOLE_FILE_HEADERS_MAX kept.
 */
const WHOLE_FILE_HEADERS_MAX = 1000
const wholeFileHeaders = new BoundedMap<string, Readonly<Record<string, string>>>(WHOLE_FILE_HEADERS_MAX)

function headersOfWholeFile(asset: Asset): Readonly<Record<string, string>> {
  const key = `${asset.id}\n${asset.version}\n${asset.size}\n${asset.sha256}\n${asset.file_updated_at}\n${asset.mime_type}\n${asset.filename}`
  let headers = wholeFileHeaders.get(key)
  if (!headers) {
    const built: Record<string, string> = {
      ...SECURITY_HEADERS,
      "Accept-Ranges": "bytes",
      "Content-Type": asset.mime_type || "application/octet-stream",
      "Content-Disposition": contentDisposition(asset.filename),
      ETag: etagOf(asset),
      "Content-Length": String(asset.size ?? 0),
    }
    const lastModified = lastModifiedOf(asset)
    if (lastModified) built["Last-Modified"] = lastModified.toUTCString()
    headers = Object.freeze(built)
    wholeFileHeaders.set(key, headers)
  }
  return headers
}

/** The headers of a file's bytes (200 for the whole file, 206 for `range`), HEAD included. */
export function fileHeaders(asset: Asset, range: ByteRange | null): Readonly<Record<string, string>> {
  const whole = headersOfWholeFile(asset)
  if (!range) return whole
  return {
    ...whole,
    "Content-Length": String(range.end - range.start + 1),
    "Content-Range": contentRange(range, asset.size ?? 0),
  }
}

/** The ZIP's headers, status line aside (GET and HEAD): named after the store and the order (zipFilename). */
export function setZipHeaders(res: MedusaResponse, filename: { name: string; ascii: string }) {
  setSecurityHeaders(res)
  res.setHeader("Content-Type", "application/zip")
  res.setHeader("Content-Disposition", contentDisposition(filename.name, filename.ascii))
}
