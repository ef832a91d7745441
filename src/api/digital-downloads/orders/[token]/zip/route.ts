import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { IFileModuleService, Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import path from "path"
import type { Readable } from "stream"
import { ZipFile } from "yazl"
import { DIGITAL_DELIVERY_MODULE } from "../../../../../modules/digital-delivery"
import { contentDisposition } from "../../../../../modules/digital-delivery/lib/content-disposition"
import { zipEntryName } from "../../../../../modules/digital-delivery/lib/zip-entry-name"
import type DigitalDeliveryModuleService from "../../../../../modules/digital-delivery/service"
import { sendDenial } from "../../../../utils/denial"
import { setSecurityHeaders } from "../../../../utils/serve-download"

/** Unique names inside the archive, each one safe for ZIP: "book.pdf", "book (2).pdf", … */
function uniqueName(name: string, taken: Set<string>) {
  const safe = zipEntryName(name)
  const ext = path.extname(safe)
  const base = safe.slice(0, safe.length - ext.length)
  let candidate = safe
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${base} (${n})${ext}`
  taken.add(candidate.toLowerCase())
  return candidate
}

/** The order's files that may still be downloaded: what "Download all" zips. */
async function zippableGrants(service: DigitalDeliveryModuleService, orderId: string) {
  const [grants] = await service.listGrantsForAdmin(
    { order_id: orderId, status: ["active"] },
    { limit: 500, offset: 0, order: "created_at" }
  )
  return grants.filter((g) => g.asset_kind === "file")
}

/** Status line aside, what GET and HEAD both answer: the single download's security headers, the ZIP's type and name. */
function setZipHeaders(res: MedusaResponse, orderId: string) {
  setSecurityHeaders(res)
  res.setHeader("Content-Type", "application/zip")
  res.setHeader("Content-Disposition", contentDisposition(`order-${orderId}.zip`))
}

/**
 * HEAD: the headers a GET would send, from the grant rows alone. Counts
 * nothing, opens no file, writes no download event (Express would otherwise
 * run GET for a HEAD: every file counted and read from storage).
 */
export async function HEAD(req: MedusaRequest, res: MedusaResponse) {
  const service = req.scope.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const claims = await service.verifyOrderToken(req.params.token)
  if (!claims) return sendDenial(req, res, "not_found")
  if (!(await zippableGrants(service, claims.id)).length) return sendDenial(req, res, "not_found")
  setZipHeaders(res, claims.id)
  res.status(200).end()
}

/**
 * "Download all": a ZIP of every file the order may still download, streamed
 * on the fly (stored, not recompressed; no temp file, no buffering). Each file
 * in it counts as one download of its grant; files that cannot be downloaded
 * any more are left out.
 */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const service = req.scope.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const files = req.scope.resolve<IFileModuleService>(Modules.FILE)
  const logger = req.scope.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const claims = await service.verifyOrderToken(req.params.token)
  if (!claims) return sendDenial(req, res, "not_found")
  const candidates = await zippableGrants(service, claims.id)
  const ip = req.ip ?? null
  const userAgent = req.headers["user-agent"] ?? null

  const entries: { grantId: string; name: string; size: number; fileId: string }[] = []
  // Entry names are made safe before anything is counted: yazl throws on an unsafe one.
  const taken = new Set<string>()
  for (const grant of candidates) {
    const result = await service.consumeDownload({
      grant_id: grant.id,
      token_version: grant.token_version,
      range: null,
      may_count: true,
      ip,
    })
    if (result?.counted && result.asset.file_id && result.asset.size != null) {
      entries.push({ grantId: grant.id, name: uniqueName(result.asset.filename, taken), size: result.asset.size, fileId: result.asset.file_id })
    }
  }
  if (!entries.length) return sendDenial(req, res, candidates.length ? "limit_reached" : "not_found")

  /**
   * Entries [0, sent) reached the buyer; [sent, refundFrom) were counted but
   * not (wholly) sent; [refundFrom, …) are given back. One event per entry.
   */
  const finish = (outcome: "served" | "aborted" | "storage_error", sent: number, refundFrom: number) => {
    for (const e of entries.slice(refundFrom)) service.refundDownload(e.grantId).catch(() => undefined)
    service
      .recordDownloadEvents(
        entries.map((e, i) => ({
          grant_id: e.grantId,
          outcome: i < sent ? "served" : outcome,
          counted: i < refundFrom,
          bytes_sent: i < sent ? e.size : 0,
          range: "zip",
          status: 200,
          ip,
          user_agent: userAgent,
        }))
      )
      .catch((err: Error) => logger.error(`digital-delivery: could not record zip events: ${err.message}`))
  }

  // The client went away (or the ZIP failed): every stream this request opened is closed.
  const sources = new Set<Readable>()
  let closed = false
  let current = -1
  const zip = new ZipFile()
  const teardown = () => {
    if (closed) return
    closed = true
    zip.outputStream.unpipe(res)
    // yazl pipes an entry's stream and never destroys it: a paused file stream
    // would keep its descriptor open for the life of the process.
    for (const source of sources) source.destroy()
    sources.clear()
    ;(zip.outputStream as Readable).destroy()
  }

  let total = -1
  try {
    for (const [index, entry] of entries.entries()) {
      zip.addReadStreamLazy(entry.name, { compress: false, size: entry.size, mtime: new Date() }, (cb) => {
        current = index
        files.getDownloadStream(entry.fileId).then(
          (stream) => {
            const source = stream as Readable
            // A storage error mid-entry ends the ZIP (yazl listens to no error of a lazy stream).
            source.on("error", (err: Error) => {
              if (!closed) zip.emit("error", err)
            })
            if (closed) {
              // Opened after the client left: closed at once, never handed to yazl.
              source.destroy()
              return
            }
            sources.add(source)
            source.once("close", () => sources.delete(source))
            cb(null, source)
          },
          (err: Error) => {
            if (!closed) cb(err, undefined as unknown as NodeJS.ReadableStream)
          }
        )
      })
    }
    // @types/yazl misses the callback's argument: the archive's exact size (all entries are stored, sizes known).
    ;(zip.end as (options: object, cb: (size: number) => void) => void)({}, (size) => {
      total = size
    })
  } catch (err) {
    // Nothing was sent: every counted download is given back.
    logger.error(`digital-delivery: zip of order ${claims.id} could not be built: ${(err as Error).message}`)
    teardown()
    finish("storage_error", 0, 0)
    return sendDenial(req, res, "storage_unavailable", { "Retry-After": "60" })
  }

  res.status(200)
  setZipHeaders(res, claims.id)
  if (total >= 0) res.setHeader("Content-Length", String(total))

  let finished = false
  let recorded = false
  const settle = (outcome: "served" | "aborted" | "storage_error") => {
    if (recorded) return
    recorded = true
    const started = Math.max(current, 0)
    if (outcome === "served") finish("served", entries.length, entries.length)
    // Aborted: the entry being sent stays counted, those not started are given back.
    else if (outcome === "aborted") finish("aborted", started, current + 1)
    // The storage failed: the broken entry is given back too, as a single download's would be.
    else finish("storage_error", started, started)
  }
  zip.outputStream.on("end", () => {
    finished = true
  })
  zip.on("error", (err: Error) => {
    logger.error(`digital-delivery: zip of order ${claims.id} failed: ${err.message}`)
    settle("storage_error")
    teardown()
    res.destroy(err)
  })
  res.on("close", () => {
    settle(finished ? "served" : "aborted")
    if (!finished) teardown()
  })
  zip.outputStream.pipe(res)
}
