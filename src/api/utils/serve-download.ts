import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { IEventBusModuleService, IFileModuleService, Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { pipeline } from "stream/promises"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import { DigitalDeliveryEvents } from "../../modules/digital-delivery/events"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"
import type {
  ConsumeResult,
  DownloadEventInput,
  DownloadOutcome,
} from "../../modules/digital-delivery/types"
import { contentDisposition } from "../../modules/digital-delivery/lib/content-disposition"
import { grantStatus, isExhausted } from "../../modules/digital-delivery/lib/grant-rules"
import {
  contentRange,
  isRangeFresh,
  parseRangeHeader,
  rangeStart,
  resolveRange,
  type ByteRange,
  type RangeSpec,
} from "../../modules/digital-delivery/lib/http-range"
import { ByteSlice } from "./byte-slice"
import { openFileRange } from "./open-file-range"
import { sendDenial, type DenialCode } from "./denial"
import { clientIp, rateLimiterOf, refuseIfLimited, type RateLimitKind } from "./rate-limit"

type Grant = ConsumeResult["grant"]
type Asset = ConsumeResult["asset"]

/** Headers of every response that carries (or points to) a paid file: single downloads and the order ZIP. */
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

export function etagOf(asset: Asset): string {
  const tag = asset.sha256 ? asset.sha256.slice(0, 32) : `${asset.id}-${asset.size}`
  return `"v${asset.version}-${tag}"`
}

function lastModifiedOf(asset: Asset): Date | null {
  return asset.file_updated_at ? new Date(asset.file_updated_at) : null
}

/**
 * Why a grant refuses a download, in the order a buyer would want to hear it
 * (lib/grant-rules); a used-up allowance is decided with the count.
 */
export function grantDenial(grant: Grant, now: Date): DenialCode | null {
  const status = grantStatus(grant, now)
  return status === "active" || status === "exhausted" ? null : status
}

function withinResumeWindow(result: ConsumeResult): boolean {
  const last = result.grant.last_counted_at
  if (!last) return false
  const windowMs = result.resume_window_minutes * 60_000
  return new Date(result.now).getTime() - new Date(last).getTime() < windowMs
}


/** Preconditions a download manager may send (RFC 9110 §13.2.2 order). */
function preconditionFailure(req: MedusaRequest, etag: string, lastModified: Date | null) {
  const ifMatch = req.headers["if-match"]
  if (ifMatch) {
    const tags = ifMatch.split(",").map((t) => t.trim())
    if (!tags.includes("*") && !tags.includes(etag)) return true
  } else {
    const ifUnmodifiedSince = req.headers["if-unmodified-since"]
    const since = ifUnmodifiedSince ? Date.parse(ifUnmodifiedSince) : NaN
    if (lastModified && !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) > Math.floor(since / 1000)) {
      return true
    }
  }
  return false
}

type Context = {
  req: MedusaRequest
  res: MedusaResponse
  service: DigitalDeliveryModuleService
  logger: Logger
  event: Omit<DownloadEventInput, "outcome">
  assetId?: string
  failure?: string
}

/** Queues the attempt's download event (written in batches); never fails the request. */
function record(ctx: Context, outcome: DownloadOutcome, extra: Partial<DownloadEventInput> = {}) {
  return ctx.service.queueDownloadEvent({ ...ctx.event, ...extra, outcome })
}

/** Tells the rest of the store (merchant alerts) about a refusal or a failure. */
function emit(ctx: Context, name: string, data: Record<string, unknown>) {
  ctx.req.scope
    .resolve<IEventBusModuleService>(Modules.EVENT_BUS)
    .emit({ name, data })
    .catch((err: Error) => ctx.logger.error(`digital-delivery: could not emit ${name}: ${err.message}`))
}

function deny(ctx: Context, code: DenialCode, outcome: DownloadOutcome, headers: Record<string, string> = {}) {
  sendDenial(ctx.req, ctx.res, code, headers)
  const recorded = record(ctx, outcome, { status: ctx.res.statusCode })
  const grantId = ctx.event.grant_id
  if (grantId && code !== "range_not_satisfiable" && code !== "precondition_failed") {
    void recorded.then(() =>
      code === "storage_unavailable"
        ? emit(ctx, DigitalDeliveryEvents.DOWNLOAD_FAILED, { grant_id: grantId, asset_id: ctx.assetId, reason: "storage_error", message: ctx.failure ?? "storage error" })
        : emit(ctx, DigitalDeliveryEvents.DOWNLOAD_DENIED, { grant_id: grantId, outcome })
    )
  }
}

/**
 * GET and HEAD /digital-downloads/:token. One statement verifies the grant and
 * counts the download; then the bytes stream from the File Module.
 */
export async function serveDownload(req: MedusaRequest, res: MedusaResponse) {
  const service = req.scope.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const logger = req.scope.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const isHead = req.method === "HEAD"
  const rangeHeader = isHead ? undefined : req.headers.range
  const ctx: Context = {
    req,
    res,
    service,
    logger,
    event: {
      grant_id: null,
      range: rangeHeader ? String(rangeHeader).slice(0, 100) : null,
      ip: req.ip ?? null,
      user_agent: req.headers["user-agent"] ?? null,
    },
  }

  const claims = service.verifyGrantToken(String(req.params.token ?? ""))
  // Per address always; per grant once the link is known to be ours. Refused
  // requests are not logged as events: a flood must cost as little as possible.
  const limiter = rateLimiterOf(req, service)
  if (limiter) {
    const limits: { kind: RateLimitKind; id: string }[] = [{ kind: "download_ip", id: ctx.event.ip ?? clientIp(req) }]
    if (claims) limits.push({ kind: "download_grant", id: claims.id })
    if (await refuseIfLimited(req, res, limiter, limits)) return
  }
  if (!claims) {
    return deny(ctx, "not_found", "invalid_link")
  }

  let spec: RangeSpec | null = parseRangeHeader(rangeHeader)
  let result: ConsumeResult | null
  try {
    result = await service.consumeDownload({
      grant_id: claims.id,
      token_version: claims.version,
      range: spec,
      may_count: !isHead,
      ip: ctx.event.ip,
    })
  } catch (err) {
    // The database is unreachable (restarting, failing over): nothing was
    // counted; the buyer is told to retry instead of waiting on a hung request.
    logger.error(`digital-delivery: could not check a download: ${(err as Error).message}`)
    return deny(ctx, "storage_unavailable", "storage_error", { "Retry-After": "30" })
  }
  if (!result || result.grant.token_version !== claims.version) {
    // An unknown grant and an old link look the same from outside.
    if (result) ctx.event.grant_id = result.grant.id
    return deny(ctx, "not_found", "invalid_link")
  }
  ctx.event.grant_id = result.grant.id
  ctx.assetId = result.asset.id
  const { grant, asset } = result
  const now = new Date(result.now)

  const refusal = grantDenial(grant, now)
  if (refusal) {
    return deny(ctx, refusal, refusal as DownloadOutcome)
  }

  const external = asset.kind === "external_link"
  const size = asset.size ?? 0
  const etag = etagOf(asset)
  const lastModified = lastModifiedOf(asset)

  if (!external && !isHead) {
    if (preconditionFailure(req, etag, lastModified)) {
      if (result.counted) await service.refundDownload(grant.id)
      return deny(ctx, "precondition_failed", "precondition_failed", { ETag: etag })
    }
    // If-Range that no longer matches: the whole (new) file is sent, and counted.
    if (spec && !isRangeFresh(headerValue(req.headers["if-range"]), etag, lastModified)) {
      spec = null
      if (!result.counted) {
        result = (await service.consumeDownload({
          grant_id: claims.id,
          token_version: claims.version,
          range: null,
          may_count: true,
          ip: ctx.event.ip,
        }))!
      }
    }
  }

  let range: ByteRange | null = null
  if (!external && spec) {
    const resolved = resolveRange(spec, size)
    if (resolved.type === "unsatisfiable") {
      return deny(ctx, "range_not_satisfiable", "range_not_satisfiable", {
        "Content-Range": `bytes */${size}`,
        "Accept-Ranges": "bytes",
      })
    }
    range = resolved.type === "range" ? resolved.range : null
  }

  // Not counted by this request: allowed only as a resume within the window
  // (or a HEAD that a download could follow).
  let outcome: DownloadOutcome
  if (isHead) {
    if (isExhausted(result.grant) && !withinResumeWindow(result)) {
      return deny(ctx, "limit_reached", "limit_reached")
    }
    outcome = "head"
  } else if (result.counted) {
    outcome = external ? "redirected" : "served"
  } else {
    const start = spec ? rangeStart(spec, size) : 0
    if (!external && start > 0 && withinResumeWindow(result)) {
      outcome = "resumed"
    } else {
      return deny(ctx, "limit_reached", "limit_reached")
    }
  }
  ctx.event.counted = result.counted

  if (external) {
    setSecurityHeaders(res)
    record(ctx, outcome, { status: isHead ? 200 : 302 })
    if (isHead) {
      res.status(200).end()
      return
    }
    res.redirect(302, asset.external_url!)
    return
  }

  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    "Accept-Ranges": "bytes",
    "Content-Type": asset.mime_type || "application/octet-stream",
    "Content-Disposition": contentDisposition(asset.filename),
    ETag: etag,
  }
  if (lastModified) headers["Last-Modified"] = lastModified.toUTCString()
  const status = range ? 206 : 200
  const length = range ? range.end - range.start + 1 : size
  headers["Content-Length"] = String(length)
  if (range) headers["Content-Range"] = contentRange(range, size)

  if (isHead) {
    res.writeHead(200, headers)
    res.end()
    record(ctx, "head", { status: 200 })
    return
  }

  const fileService = req.scope.resolve<IFileModuleService>(Modules.FILE)
  if (service.downloadMode === "redirect") {
    return redirectToStorage(ctx, fileService, result, outcome)
  }
  const first = range ? range.start : 0
  const last = range ? range.end : Math.max(size - 1, 0)
  let opened: Awaited<ReturnType<typeof openFileRange>>
  try {
    opened = await openFileRange(fileService, asset.file_id!, first, last)
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === "ENOENT"
    return refuseStorageFailure(ctx, result, err as Error, missing ? "the stored file is missing" : "the storage failed")
  }

  res.writeHead(status, headers)
  if ("bytes" in opened) {
    res.end(opened.bytes)
    record(ctx, outcome, { status, bytes_sent: opened.bytes.length })
    return
  }
  const { stream: source, offset, exact } = opened
  // pipeline() destroys every stream on any error: remember which side failed first.
  let storageFailed = false
  source.once("error", () => {
    storageFailed = !req.destroyed && !res.destroyed
  })
  // A stream opened at the range goes straight to the response; one that starts
  // at byte 0 of the file (another provider) is cut to the range on the way.
  let sent = 0
  const sliced = exact ? null : new ByteSlice(first - offset, last - offset)
  const counted = sliced ?? source
  counted.on("data", (chunk: Buffer) => {
    sent += chunk.length
  })
  try {
    await (sliced ? pipeline(source, sliced, res) : pipeline(source, res))
    if (sent < length) {
      // The stored file is shorter than its record (truncated, replaced under us).
      // The response already ended short: close the connection so the client
      // sees an incomplete body now, not after the keep-alive timeout.
      storageFailed = true
      req.socket.destroy()
      throw new Error(`the stored file ended after ${sent} of ${length} bytes`)
    }
    record(ctx, outcome, { status, bytes_sent: sent })
  } catch (err) {
    source.destroy()
    if (!storageFailed) {
      record(ctx, "aborted", { status, bytes_sent: sent })
      return
    }
    // The storage broke mid-stream: the buyer's download is given back, the merchant told.
    logger.error(`digital-delivery: stream failed for asset ${asset.id}: ${(err as Error).message}`)
    if (result.counted) await service.refundDownload(grant.id).catch(() => undefined)
    ctx.event.counted = false
    void record(ctx, "storage_error", { status, bytes_sent: sent }).then(() =>
      emit(ctx, DigitalDeliveryEvents.DOWNLOAD_FAILED, {
        grant_id: grant.id,
        asset_id: asset.id,
        reason: "storage_error",
        message: "the storage failed in the middle of a download",
      })
    )
  }
}

/**
 * The storage failed before any byte was sent: the download is given back, the
 * buyer gets 503, the merchant an alert. The log has the details; the alert and
 * the buyer get no storage path (`failure` says what happened in plain words).
 */
async function refuseStorageFailure(ctx: Context, result: ConsumeResult, err: Error, failure: string) {
  ctx.logger.error(`digital-delivery: storage failed for asset ${result.asset.id}: ${err.message}`)
  if (result.counted) await ctx.service.refundDownload(result.grant.id).catch(() => undefined)
  ctx.event.counted = false
  ctx.failure = failure
  return deny(ctx, "storage_unavailable", "storage_error", { "Retry-After": "60" })
}

/**
 * download_mode "redirect": the checks and the count are done; the bytes come
 * from the storage through a short-lived presigned URL (S3). A Range request is
 * redirected too and the client repeats its Range there.
 */
async function redirectToStorage(ctx: Context, files: IFileModuleService, result: ConsumeResult, outcome: DownloadOutcome) {
  const { res } = ctx
  let url: string
  try {
    url = (await files.retrieveFile(result.asset.file_id!)).url
  } catch (err) {
    return refuseStorageFailure(ctx, result, err as Error, "the storage could not sign a download URL")
  }
  setSecurityHeaders(res)
  record(ctx, outcome === "served" ? "redirected" : outcome, { status: 302 })
  res.redirect(302, url)
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}
