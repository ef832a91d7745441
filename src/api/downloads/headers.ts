import type { MedusaResponse } from "@medusajs/framework/http"
import { contentDisposition } from "../../modules/digital-delivery/lib/content-disposition"
import { contentRange, type ByteRange } from "../../modules/digital-delivery/lib/http-range"
import type { DownloadAdmission } from "../../modules/digital-delivery/types"

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

/** The headers of a file's bytes (200 for the whole file, 206 for `range`), HEAD included. */
export function fileHeaders(asset: Asset, range: ByteRange | null): Record<string, string> {
  const size = asset.size ?? 0
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    "Accept-Ranges": "bytes",
    "Content-Type": asset.mime_type || "application/octet-stream",
    "Content-Disposition": contentDisposition(asset.filename),
    ETag: etagOf(asset),
    "Content-Length": String(range ? range.end - range.start + 1 : size),
  }
  const lastModified = lastModifiedOf(asset)
  if (lastModified) headers["Last-Modified"] = lastModified.toUTCString()
  if (range) headers["Content-Range"] = contentRange(range, size)
  return headers
}

/** The ZIP's headers, status line aside (GET and HEAD). */
export function setZipHeaders(res: MedusaResponse, orderId: string) {
  setSecurityHeaders(res)
  res.setHeader("Content-Type", "application/zip")
  res.setHeader("Content-Disposition", contentDisposition(`order-${orderId}.zip`))
}
