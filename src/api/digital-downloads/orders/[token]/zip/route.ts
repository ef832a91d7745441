import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { IFileModuleService, Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import path from "path"
import { ZipFile } from "yazl"
import { DIGITAL_DELIVERY_MODULE } from "../../../../../modules/digital-delivery"
import { contentDisposition } from "../../../../../modules/digital-delivery/lib/content-disposition"
import { sanitizeFilename } from "../../../../../modules/digital-delivery/lib/filename"
import type DigitalDeliveryModuleService from "../../../../../modules/digital-delivery/service"
import { sendDenial } from "../../../../utils/denial"

/** Unique names inside the archive: "book.pdf", "book (2).pdf", … */
function uniqueName(name: string, taken: Set<string>) {
  const safe = sanitizeFilename(name)
  const ext = path.extname(safe)
  const base = safe.slice(0, safe.length - ext.length)
  let candidate = safe
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${base} (${n})${ext}`
  taken.add(candidate.toLowerCase())
  return candidate
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
  const [grants] = await service.listGrantsForAdmin(
    { order_id: claims.id, status: ["active"] },
    { limit: 500, offset: 0, order: "created_at" }
  )
  const candidates = grants.filter((g) => g.asset_kind === "file")
  const ip = req.ip ?? null
  const userAgent = req.headers["user-agent"] ?? null

  const entries: { grantId: string; name: string; size: number; fileId: string }[] = []
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

  const zip = new ZipFile()
  let current = -1
  for (const [index, entry] of entries.entries()) {
    zip.addReadStreamLazy(entry.name, { compress: false, size: entry.size, mtime: new Date() }, (cb) => {
      current = index
      files.getDownloadStream(entry.fileId).then((stream) => cb(null, stream), (err: Error) => cb(err, undefined as unknown as NodeJS.ReadableStream))
    })
  }
  let total = -1
  // @types/yazl misses the callback's argument: the archive's exact size (all entries are stored, sizes known).
  ;(zip.end as (options: object, cb: (size: number) => void) => void)({}, (size) => {
    total = size
  })
  res.status(200)
  res.setHeader("Content-Type", "application/zip")
  res.setHeader("Content-Disposition", contentDisposition(`order-${claims.id}.zip`))
  res.setHeader("Cache-Control", "private, no-store, no-transform")
  res.setHeader("X-Content-Type-Options", "nosniff")
  if (total >= 0) res.setHeader("Content-Length", String(total))

  const events = (outcome: "served" | "aborted" | "storage_error", from: number) =>
    service
      .recordDownloadEvents(
        entries.map((e, i) => ({
          grant_id: e.grantId,
          outcome: i < from ? "served" : outcome,
          counted: true,
          bytes_sent: i < from ? e.size : 0,
          range: "zip",
          status: 200,
          ip,
          user_agent: userAgent,
        }))
      )
      .catch((err: Error) => logger.error(`digital-delivery: could not record zip events: ${err.message}`))

  let finished = false
  let recorded = false
  /** Records the outcome once; files that were counted but never started give their download back. */
  const settle = (outcome: "served" | "aborted" | "storage_error") => {
    if (recorded) return
    recorded = true
    const sent = outcome === "served" ? entries.length : Math.max(current, 0)
    for (const e of entries.slice(outcome === "served" ? entries.length : Math.max(current + 1, 0))) {
      service.refundDownload(e.grantId).catch(() => undefined)
    }
    void events(outcome, sent)
  }
  zip.outputStream.on("end", () => {
    finished = true
  })
  zip.on("error", (err: Error) => {
    logger.error(`digital-delivery: zip of order ${claims.id} failed: ${err.message}`)
    settle("storage_error")
    res.destroy(err)
  })
  res.on("close", () => {
    settle(finished ? "served" : "aborted")
    zip.outputStream.unpipe(res)
  })
  zip.outputStream.pipe(res)
}
