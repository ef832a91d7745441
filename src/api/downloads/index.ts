import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { IFileModuleService } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { DigitalDeliveryEvents } from "../../modules/digital-delivery/events"
import { isRangeFresh, parseRangeHeader, resolveRange, type ByteRange, type RangeSpec } from "./range"
import type { DownloadAdmission } from "../../modules/digital-delivery/types"
import { clientIp, rateLimiterOf, refuseIfLimited, type RateLimitKind } from "../utils/rate-limit"
import { DownloadAttempt } from "./attempt"
import { headerValue, isConditional, preconditionFails, refusalOf } from "./decide"
import { fileReaderOf, type OpenedRange } from "./file-reader"
import { etagOf, fileHeaders, lastModifiedOf, setSecurityHeaders } from "./headers"
import { sendBody } from "./send-body"
import { storageErrorForLog } from "./storage-error"
import { ensureStampedCopy } from "./stamped-copy"

export { setSecurityHeaders, setZipHeaders } from "./headers"
export { DownloadAttempt, settlementOf } from "./attempt"

// Not a route folder: the download path behind the public /digital-downloads/* routes
// (src/api/digital-downloads: signed links, hosted pages); the Store API is /store/digital-downloads.

/**
 * GET and HEAD /digital-downloads/:token, the one way a file's bytes leave
 * the store (the library and the Store API hand out links to it; the order
 * ZIP reserves and settles each entry the same way). It reads top-down:
 *
 * 1. decide — the token, rate limits, and, only when the answer depends on
 *    the file's current version (HEAD, If-Match, If-Unmodified-Since,
 *    If-Range), one read of the grant: none of these reserve anything;
 * 2. reserve — one statement admits the request under the grant's rules and
 *    limit and reserves the bytes it will send (in copies of the file);
 * 3. headers and 4. stream — the bytes, counted as the network takes them;
 * 5. settle — the download event, and the reservation settled: charged what
 *    was sent, the rest given back (batched, off the hot path).
 *
 * A stamped PDF is the grant's own copy (the statement of 2. describes it):
 * its first request has it made (`stampFirst`) and starts over (`stamped`).
 */
export async function serveDownload(req: MedusaRequest, res: MedusaResponse, retried = false, stamped = false): Promise<void> {
  const attempt = new DownloadAttempt(req, res)
  const { service } = attempt
  const isHead = req.method === "HEAD"

  // 1. decide
  const claims = service.verifyGrantToken(String(req.params.token ?? ""))
  // Per address always; per grant once the link is known to be ours. Refused
  // requests are not logged as events: a flood must cost as little as possible.
  const limiter = retried || stamped ? null : rateLimiterOf(req, service)
  if (limiter) {
    const limits: { kind: RateLimitKind; id: string }[] = [{ kind: "download_ip", id: attempt.event.ip ?? clientIp(req) }]
    if (claims) limits.push({ kind: "download_grant", id: claims.id })
    if (await refuseIfLimited(req, res, limiter, limits)) return
  }
  if (!claims) return attempt.deny("not_found", "invalid_link")
  const release = releaseOf(req)
  if (release === undefined) return attempt.deny("release_not_found", "invalid_link")

  let spec: RangeSpec | null = isHead ? null : parseRangeHeader(headerValue(req.headers.range))
  const redirectMode = service.downloadMode === "redirect"
  const request = { grant_id: claims.id, token_version: claims.version, release }
  let expectedVersion: number | null = null
  if (isHead || isConditional(req, !!spec)) {
    const seen = await attempt.admit({ ...request, range: null, reserve: false, whole: false })
    if (!seen) return
    const refusal = refusalOf(seen)
    if (refusal) return attempt.deny(refusal.code, refusal.outcome)
    if (needsStamp(seen)) return stampFirst(attempt, seen, stamped, () => serveDownload(req, res, retried, true))
    if (isHead) return answerHead(attempt, seen)
    if (seen.asset.kind === "file") {
      const etag = etagOf(seen.asset)
      const lastModified = lastModifiedOf(seen.asset)
      if (preconditionFails(req, etag, lastModified)) {
        return attempt.deny("precondition_failed", "precondition_failed", { ETag: etag })
      }
      // An If-Range that no longer matches: the whole (new) file is sent.
      if (spec && !isRangeFresh(headerValue(req.headers["if-range"]), etag, lastModified)) spec = null
    }
    expectedVersion = seen.asset.version
  }

  // 2. reserve
  const admission = await attempt.admit({
    ...request,
    range: spec,
    reserve: true,
    whole: redirectMode,
    expected_version: expectedVersion,
  })
  if (!admission) return
  const { asset } = admission
  const size = asset.size ?? 0
  const range = asset.kind === "file" && spec ? resolveRange(spec, size) : null
  if (!admission.reservation) {
    const refusal = refusalOf(admission)
    if (refusal) return attempt.deny(refusal.code, refusal.outcome)
    if (needsStamp(admission)) return stampFirst(attempt, admission, stamped, () => serveDownload(req, res, retried, true))
    if (range?.type === "unsatisfiable") {
      return attempt.deny("range_not_satisfiable", "range_not_satisfiable", {
        "Content-Range": `bytes */${size}`,
        "Accept-Ranges": "bytes",
      })
    }
    if (expectedVersion != null && asset.version !== expectedVersion) {
      // The file was replaced between the two statements: decide again, once.
      if (!retried) return serveDownload(req, res, true)
      return attempt.deny("precondition_failed", "precondition_failed", { ETag: etagOf(asset) })
    }
    // Under the limit, but requests in flight reserved the rest of it.
    return attempt.deny("limit_reached", "limit_reached")
  }

  // 3. headers and 4. stream (or a redirect: the bytes go out of sight and cost a whole copy)
  if (asset.kind === "external_link") {
    setSecurityHeaders(res)
    res.redirect(302, asset.external_url!)
    void attempt.finish(admission, "redirected", 302, 0, true)
    return
  }
  const files = req.scope.resolve<IFileModuleService>(Modules.FILE)
  if (redirectMode) return redirectToStorage(attempt, files, admission)
  const byteRange: ByteRange | null = range?.type === "range" ? range.range : null
  const first = byteRange ? byteRange.start : 0
  const last = byteRange ? byteRange.end : Math.max(size - 1, 0)
  let opened: OpenedRange
  try {
    opened = await fileReaderOf(service, files).open(asset.file_id!, first, last)
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === "ENOENT"
    return attempt.refuseStorageFailure(admission, err as Error, missing ? "the stored file is missing" : "the storage failed")
  }
  const status = byteRange ? 206 : 200
  const length = byteRange ? last - first + 1 : size
  if ("bytes" in opened) {
    // A small file (≤ 64 KiB, read in one go): the socket takes it at once, so
    // it is charged whole unless the client had already left. No stream to
    // watch: this is the path of the request-overhead figure.
    const gone = res.destroyed || !!req.socket?.destroyed
    if (!gone) {
      res.writeHead(status, fileHeaders(asset, byteRange))
      res.end(opened.bytes)
    }
    void attempt.finish(admission, gone ? "aborted" : "served", status, gone ? 0 : length)
    return
  }
  res.writeHead(status, fileHeaders(asset, byteRange))
  const body = await sendBody(res, opened.stream, length, opened.exact ? undefined : { first: first - opened.offset, last: last - opened.offset })

  // 5. settle
  if (body.ended === "complete") {
    void attempt.finish(admission, "served", status, body.sent)
  } else if (body.ended === "client_gone") {
    void attempt.finish(admission, "aborted", status, body.sent)
  } else {
    // The storage broke mid-stream: the buyer is charged what reached them, the merchant told.
    attempt.logger.error(`digital-delivery: stream failed for asset ${asset.id}: ${storageErrorForLog(body.error)}`)
    void attempt.finish(admission, "storage_error", status, body.sent).then(() =>
      attempt.emit(DigitalDeliveryEvents.DOWNLOAD_FAILED, {
        grant_id: admission.grant.id,
        asset_id: asset.id,
        reason: "storage_error",
        message: "the storage failed in the middle of a download",
      })
    )
  }
}

/**
 * The `release` query parameter: an earlier release of the grant's asset, by
 * its version number (`?release=2`); null when absent (the current file);
 * undefined when it is not a version number (answered as an unknown release).
 */
export function releaseOf(req: MedusaRequest): number | null | undefined {
  const value = (req.query as Record<string, unknown> | undefined)?.release
  if (value === undefined) return null
  return typeof value === "string" && /^[1-9][0-9]{0,8}$/.test(value) ? Number(value) : undefined
}

/** The grant's stamped copy is not made yet, or the PDF cannot be stamped and the store refuses it. */
function needsStamp(admission: DownloadAdmission): boolean {
  return admission.stamp === "missing" || admission.stamp === "refused"
}

/**
 * A stamped PDF without its copy: made now (once per grant and release, see
 * ensureStampedCopy), then the request starts over and is served the copy.
 * Refused (409, in the buyer's language) when the PDF cannot be stamped and
 * the store's `unstampable_pdf` setting says "refuse"; nothing was reserved.
 */
async function stampFirst(attempt: DownloadAttempt, admission: DownloadAdmission, stamped: boolean, again: () => Promise<void>) {
  if (admission.stamp === "refused") return attempt.deny("unstampable", "unstampable")
  if (!stamped) {
    try {
      await ensureStampedCopy(attempt.req.scope, attempt.service, admission.grant.id, admission.asset.version)
      return again()
    } catch (err) {
      attempt.logger.error(`digital-delivery: could not stamp asset ${admission.asset.id}: ${storageErrorForLog(err as Error)}`)
    }
  }
  return attempt.deny("storage_unavailable", "storage_error", { "Retry-After": "60" }, "the buyer's stamped copy of the PDF could not be made")
}

/** HEAD: what a GET of the whole file would answer, from the read alone; nothing reserved, nothing opened. */
function answerHead(attempt: DownloadAttempt, seen: DownloadAdmission) {
  const { res } = attempt
  if (seen.asset.kind === "external_link") {
    setSecurityHeaders(res)
    res.status(200).end()
  } else {
    res.writeHead(200, fileHeaders(seen.asset, null))
    res.end()
  }
  void attempt.service.queueDownloadEvent({ ...attempt.event, outcome: "head", status: 200 })
}

/**
 * download_mode "redirect": the checks and the reservation are done; the
 * bytes come from the storage through a short-lived presigned URL (S3). A
 * Range request is redirected too (the client repeats its Range there); a
 * redirect costs one whole copy, since the bytes it leads to are out of sight.
 */
async function redirectToStorage(attempt: DownloadAttempt, files: IFileModuleService, admission: DownloadAdmission) {
  let url: string
  try {
    url = (await files.retrieveFile(admission.asset.file_id!)).url
  } catch (err) {
    return attempt.refuseStorageFailure(admission, err as Error, "the storage could not sign a download URL")
  }
  setSecurityHeaders(attempt.res)
  attempt.res.redirect(302, url)
  void attempt.finish(admission, "redirected", 302, 0, true)
}
