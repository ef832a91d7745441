import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { IFileModuleService, Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type { ServablePreview } from "../../modules/digital-delivery/repositories"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"
import { sendDenial } from "../utils/denial"
import { clientIp, rateLimiterOf, refuseIfLimited } from "../utils/rate-limit"
import { contentDisposition } from "./content-disposition"
import { headerValue, preconditionFails } from "./decide"
import { fileReaderOf, type OpenedRange } from "./file-reader"
import { contentRange, isRangeFresh, parseRangeHeader, resolveRange, type ByteRange } from "./range"
import { sendBody } from "./send-body"
import { storageErrorForLog } from "./storage-error"

/**
 * GET and HEAD /digital-downloads/previews/:id: a public sample, served from
 * the preview table only (a paid asset's id, a grant's token or any other id
 * is a 404: nothing else is read). The download path's parts are reused —
 * the Range parser, If-Range, the file reader and the body pump — with a
 * public cache policy instead of theirs, and nothing counted or recorded.
 */

/** How long browsers and CDNs keep a preview before asking again (with its ETag). A preview's bytes never change. */
export const PREVIEW_MAX_AGE_SECONDS = 3600
const PREVIEW_ID = /^dprev_[0-9A-Za-z]{1,64}$/

/** Types a browser may run script in (HTML, SVG, XML…) are sandboxed; a PDF is not (Chrome's viewer refuses to run sandboxed). */
const NO_SANDBOX = /^(application\/pdf|image\/(png|jpeg|gif|webp|avif)|audio\/[\w.+-]+|video\/[\w.+-]+)$/i

export function previewEtag(preview: Pick<ServablePreview, "id" | "sha256">): string {
  return `"p-${preview.sha256.slice(0, 40)}"`
}

/** The headers of a preview's bytes: 200 for the whole file, 206 for `range` (HEAD and 304 take the same validators). */
export function previewHeaders(preview: ServablePreview, range: ByteRange | null): Record<string, string> {
  const headers: Record<string, string> = {
    "Accept-Ranges": "bytes",
    "Content-Type": preview.mime_type || "application/octet-stream",
    "Content-Disposition": contentDisposition(preview.filename, undefined, "inline"),
    "Content-Length": String(range ? range.end - range.start + 1 : preview.size),
    ...validators(preview),
    "X-Content-Type-Options": "nosniff",
    // Storefronts on another origin embed it (<audio>, <img>) and may fetch it (a PDF viewer).
    "Cross-Origin-Resource-Policy": "cross-origin",
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "Accept-Ranges, Content-Range, Content-Length, ETag",
    "Content-Security-Policy": NO_SANDBOX.test(preview.mime_type) ? "default-src 'none'" : "default-src 'none'; sandbox",
  }
  if (range) headers["Content-Range"] = contentRange(range, preview.size)
  return headers
}

function validators(preview: ServablePreview): Record<string, string> {
  return {
    ETag: previewEtag(preview),
    "Last-Modified": new Date(preview.created_at).toUTCString(),
    "Cache-Control": `public, max-age=${PREVIEW_MAX_AGE_SECONDS}`,
  }
}

/** If-None-Match (any listed tag, weak comparison, or `*`), else If-Modified-Since: the client's copy is current (RFC 9110 §13.1.2–3). */
export function isNotModified(req: MedusaRequest, etag: string, lastModified: Date): boolean {
  const ifNoneMatch = headerValue(req.headers["if-none-match"])
  if (ifNoneMatch) {
    const bare = (tag: string) => tag.trim().replace(/^W\//, "")
    return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || bare(tag) === bare(etag))
  }
  const since = Date.parse(headerValue(req.headers["if-modified-since"]) ?? "")
  return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) <= Math.floor(since / 1000)
}

export async function servePreview(req: MedusaRequest, res: MedusaResponse): Promise<void> {
  const service = req.scope.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const limiter = rateLimiterOf(req, service)
  if (limiter && (await refuseIfLimited(req, res, limiter, [{ kind: "preview_ip", id: clientIp(req) }]))) return

  const id = String(req.params.id ?? "")
  const preview = PREVIEW_ID.test(id) ? await service.findServablePreview(id) : null
  if (!preview) return void sendDenial(req, res, "not_found")

  const etag = previewEtag(preview)
  const lastModified = new Date(preview.created_at)
  if (preconditionFails(req, etag, lastModified)) return void sendDenial(req, res, "precondition_failed", { ETag: etag })
  if (isNotModified(req, etag, lastModified)) {
    res.writeHead(304, validators(preview))
    res.end()
    return
  }
  if (req.method === "HEAD") {
    res.writeHead(200, previewHeaders(preview, null))
    res.end()
    return
  }

  let spec = parseRangeHeader(headerValue(req.headers.range))
  if (spec && !isRangeFresh(headerValue(req.headers["if-range"]), etag, lastModified)) spec = null
  const range = resolveRange(spec, preview.size)
  if (range.type === "unsatisfiable") {
    return void sendDenial(req, res, "range_not_satisfiable", { "Content-Range": `bytes */${preview.size}`, "Accept-Ranges": "bytes" })
  }
  const byteRange = range.type === "range" ? range.range : null
  const first = byteRange ? byteRange.start : 0
  const last = byteRange ? byteRange.end : Math.max(preview.size - 1, 0)
  const files = req.scope.resolve<IFileModuleService>(Modules.FILE)
  const logger = req.scope.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  let opened: OpenedRange
  try {
    opened = await fileReaderOf(service, files).open(preview.file_id, first, last)
  } catch (err) {
    logger.error(`digital-delivery: storage failed for preview ${preview.id}: ${storageErrorForLog(err as Error)}`)
    return void sendDenial(req, res, "storage_unavailable", { "Retry-After": "60" })
  }
  const status = byteRange ? 206 : 200
  const length = byteRange ? last - first + 1 : preview.size
  res.writeHead(status, previewHeaders(preview, byteRange))
  if ("bytes" in opened) {
    res.end(opened.bytes)
    return
  }
  const body = await sendBody(res, opened.stream, length, opened.exact ? undefined : { first: first - opened.offset, last: last - opened.offset })
  if (body.ended === "storage_failed") {
    logger.error(`digital-delivery: preview ${preview.id} failed mid-stream: ${storageErrorForLog(body.error)}`)
  }
}
