import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { IFileModuleService } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import path from "path"
import { Readable } from "stream"
import { ZipFile } from "yazl"
import { DigitalDeliveryEvents } from "../../../../../modules/digital-delivery/events"
import type DigitalDeliveryModuleService from "../../../../../modules/digital-delivery/service"
import type { DownloadAdmission, DownloadOutcome } from "../../../../../modules/digital-delivery/types"
import { DownloadAttempt, setZipHeaders } from "../../../../downloads"
import { zipFilename } from "../../../../downloads/content-disposition"
import { fileReaderOf } from "../../../../downloads/file-reader"
import { sendBody } from "../../../../downloads/send-body"
import { useNativeCrc32InZips } from "../../../../downloads/zip-crc"
import { zipEntryName } from "../../../../downloads/zip-entry-name"
import { storageErrorForLog } from "../../../../downloads/storage-error"
import { ensureStampedCopy } from "../../../../downloads/stamped-copy"
import { DIGITAL_DELIVERY_MODULE } from "../../../../../modules/digital-delivery"
import { sendDenial } from "../../../../utils/denial"
import { orderProducts } from "../../../../utils/order-products"
import { loadStoreIdentity } from "../../../../../workflows/utils/store-identity"

useNativeCrc32InZips()

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
  const [grants] = await service.listGrants(
    { order_id: orderId, status: ["active"] },
    { limit: 500, offset: 0, order: "files" }
  )
  return grants.filter((g) => g.asset_kind === "file")
}

/** "<store>-order-1042.zip": the store's name (settings, else the Store module) and the order's number. */
async function archiveName(req: MedusaRequest, orderId: string) {
  const [store, { displayIds }] = await Promise.all([loadStoreIdentity(req.scope), orderProducts(req.scope, [orderId])])
  return zipFilename(store.name, displayIds.get(orderId), orderId)
}

/**
 * The archive's exact length for these entries (all stored, sizes known), as
 * yazl computes it when the archive ends; no entry is ever opened (its lazy
 * stream is never handed over, and the unread archive is dropped).
 */
function archiveLength(entries: { name: string; size: number }[]): number {
  const zip = new ZipFile()
  for (const entry of entries) zip.addReadStreamLazy(entry.name, { compress: false, size: entry.size, mtime: new Date() }, () => undefined)
  let total = -1
  ;(zip.end as (options: object, cb: (size: number) => void) => void)({}, (size) => {
    total = size
  })
  return total
}

/**
 * HEAD: the headers a GET would send, from the grant rows alone: the name and
 * the length of the archive of every file still downloadable. Reserves
 * nothing, opens no file, writes no download event (Express would otherwise
 * run GET for a HEAD: every file reserved and read from storage).
 */
export async function HEAD(req: MedusaRequest, res: MedusaResponse) {
  const service = req.scope.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const claims = await service.verifyOrderToken(req.params.token)
  if (!claims) return sendDenial(req, res, "not_found")
  const grants = await zippableGrants(service, claims.id)
  if (!grants.length) return sendDenial(req, res, "not_found")
  const taken = new Set<string>()
  const sized = grants.map((g) => ({ name: uniqueName(g.asset_filename, taken), size: g.asset_size == null ? null : Number(g.asset_size) }))
  setZipHeaders(res, await archiveName(req, claims.id))
  // A stamped PDF's size is its buyer's copy's, known once it is made: no length announced then.
  const stamped = await service.listDigitalAssets({ id: [...new Set(grants.map((g) => g.asset_id))], stamp_pdf: true }, { select: ["id"], take: 1 })
  if (!stamped.length && sized.every((e) => e.size != null)) {
    const length = archiveLength(sized as { name: string; size: number }[])
    if (length >= 0) res.setHeader("Content-Length", String(length))
  }
  res.status(200).end()
}

type Entry = { admission: DownloadAdmission; name: string; size: number; fileId: string; read: number }

/**
 * "Download all": a ZIP of every file the order may still download, streamed
 * on the fly (stored, not recompressed; no temp file, no buffering). Each
 * file in it goes through the download pipeline's reserve and settle: every
 * entry reserves one copy before the first byte (the archive's length is
 * fixed then), and is charged what was sent of it when the ZIP ends; entries
 * never started are given back whole. Files that cannot be downloaded any
 * more are left out.
 */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const attempt = new DownloadAttempt(req, res)
  const { service, logger } = attempt
  attempt.event.range = "zip"
  const files = req.scope.resolve<IFileModuleService>(Modules.FILE)
  const claims = await service.verifyOrderToken(req.params.token)
  if (!claims) return sendDenial(req, res, "not_found")
  // Named before anything is reserved (the store's name is cached, the order's number one read).
  const [candidates, filename] = await Promise.all([
    zippableGrants(service, claims.id),
    archiveName(req, claims.id).catch(() => zipFilename("", null, claims.id)),
  ])

  // Reserve: entry names are made safe before anything is reserved (yazl throws on an unsafe one).
  const entries: Entry[] = []
  const taken = new Set<string>()
  const admit = (grant: { id: string; token_version: number }) =>
    service
      .admitDownload({ grant_id: grant.id, token_version: grant.token_version, range: null, reserve: true, whole: false, ip: attempt.event.ip })
      .catch((err: Error) => {
        logger.error(`digital-delivery: could not reserve a ZIP entry: ${err.message}`)
        return null
      })
  for (const grant of candidates) {
    let admission = await admit(grant)
    if (admission && !admission.reservation && admission.stamp === "missing" && admission.grant.status === "active") {
      // A stamped PDF's first download: its copy is made, then reserved like any entry.
      const made = await ensureStampedCopy(req.scope, service, grant.id, admission.asset.version).then(
        () => true,
        (err: Error) => logger.error(`digital-delivery: could not stamp a ZIP entry: ${storageErrorForLog(err)}`)
      )
      if (made) admission = await admit(grant)
    }
    // Not reserved (limits, a PDF the store refuses unstamped): left out of the archive.
    if (!admission?.reservation) continue
    if (admission.asset.file_id && admission.asset.size != null) {
      const name = uniqueName(admission.asset.filename, taken)
      entries.push({ admission, name, size: admission.asset.size, fileId: admission.asset.file_id, read: 0 })
    } else {
      void attempt.finish(admission, "storage_error", 200, 0) // not a stored file any more: given back
    }
  }
  // A ZIP refused for its limits sends the buyer back to the order page (the token is valid).
  const orderPage = { order_url: service.orderPageUrl(claims.id, claims.version) }
  if (!entries.length) return sendDenial(req, res, candidates.length ? "limit_reached" : "not_found", {}, candidates.length ? orderPage : undefined)

  // The client went away (or the ZIP failed): every stream this request opened is closed.
  const sources = new Set<Readable>()
  let closed = false
  let current = -1
  let storageError: Error | null = null
  const zip = new ZipFile()
  const teardown = () => {
    if (closed) return
    closed = true
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
        // The same reader as single downloads: file-local files read directly
        // in large chunks (the provider's own stream reads 64 KiB at a time).
        fileReaderOf(service, files).open(entry.fileId, 0, entry.size - 1).then(
          (opened) => {
            const source = "bytes" in opened ? Readable.from([opened.bytes], { objectMode: false }) : opened.stream
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
            source.on("data", (chunk: Buffer) => {
              entry.read += chunk.length
            })
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
    // Nothing was sent: every reservation is given back.
    logger.error(`digital-delivery: zip of order ${claims.id} could not be built: ${storageErrorForLog(err as Error)}`)
    teardown()
    for (const entry of entries) void attempt.finish(entry.admission, "storage_error", 200, 0)
    return sendDenial(req, res, "storage_unavailable", { "Retry-After": "60" }, orderPage)
  }

  zip.on("error", (err: Error) => {
    logger.error(`digital-delivery: zip of order ${claims.id} failed: ${storageErrorForLog(err)}`)
    storageError = err
    res.destroy()
  })
  // Read before the body's end closes the output: archive bytes still waiting in it.
  let waiting = 0
  res.once("close", () => {
    waiting = (zip.outputStream as Readable).readableLength
  })
  res.status(200)
  setZipHeaders(res, filename)
  if (total >= 0) res.setHeader("Content-Length", String(total))
  const body = await sendBody(res, zip.outputStream as Readable, total >= 0 ? total : Number.MAX_SAFE_INTEGER)
  teardown()

  // Settle each entry: those before the one in progress were sent whole; the
  // one in progress is charged what was read of it minus what never left the
  // server; those after it are given back whole.
  const outcome: DownloadOutcome = storageError ? "storage_error" : body.ended === "complete" ? "served" : "aborted"
  const unsent = body.ended === "client_gone" ? body.queued + waiting : 0
  entries.forEach((entry, i) => {
    const sent =
      outcome === "served" || i < current ? entry.size : i === current ? Math.min(Math.max(entry.read - unsent, 0), entry.size) : 0
    void attempt.finish(entry.admission, i <= current || outcome === "served" ? outcome : "aborted", 200, sent)
  })
  if (storageError) {
    attempt.emit(DigitalDeliveryEvents.DOWNLOAD_FAILED, {
      grant_id: entries[Math.max(current, 0)].admission.grant.id,
      asset_id: entries[Math.max(current, 0)].admission.asset.id,
      reason: "storage_error",
      message: "the storage failed in the middle of a ZIP download",
    })
  }
}
