import { Worker } from "worker_threads"
import { cannotCut } from "./preview-error"

/**
 * The first pages of a PDF, as a PDF, cut with pdf-lib in a worker thread:
 * parsing a large PDF is synchronous work that would otherwise hold the
 * event loop (every download and page of the store) for as long as it takes.
 * The worker is bounded: 512 MB of heap and PDF_TIMEOUT_MS, then it is
 * terminated and the merchant told to upload a preview instead. The caller
 * bounds the input's size (MAX_SOURCE_BYTES of the step).
 */

const PDF_TIMEOUT_MS = 60_000
const WORKER_HEAP_MB = 512

// Plain JavaScript run with `eval`: the worker needs no file of its own next to
// the compiled plugin. pdf-lib is required by the path this process resolved.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("worker_threads")
const { PDFDocument } = require(workerData.pdfLib)
;(async () => {
  try {
    const source = await PDFDocument.load(workerData.bytes, { updateMetadata: false })
    const total = source.getPageCount()
    const n = Math.min(workerData.pages, total)
    const out = await PDFDocument.create({ updateMetadata: false })
    const title = source.getTitle()
    if (title) out.setTitle(title)
    for (const page of await out.copyPages(source, Array.from({ length: n }, (_, i) => i))) out.addPage(page)
    const bytes = await out.save()
    parentPort.postMessage({ ok: true, bytes, pages: n, total }, [bytes.buffer])
  } catch (err) {
    parentPort.postMessage({ ok: false, name: (err && err.constructor && err.constructor.name) || "Error", message: String((err && err.message) || err) })
  }
})()
`

type WorkerAnswer =
  | { ok: true; bytes: Uint8Array; pages: number; total: number }
  | { ok: false; name: string; message: string }

/** The first `pages` pages of `pdf` (all of them when it has fewer). Throws a 400 for an encrypted or unreadable PDF. */
export async function cutPdf(pdf: Buffer, pages: number, field = "asset"): Promise<{ bytes: Buffer; pages: number; total: number }> {
  if (pdf.subarray(0, 1024).indexOf("%PDF-") === -1) {
    throw cannotCut(field, "the file is not a PDF (no %PDF- header); upload a preview instead")
  }
  const answer = await new Promise<WorkerAnswer>((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { bytes: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength), pages, pdfLib: require.resolve("pdf-lib") },
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    })
    const timer = setTimeout(() => {
      void worker.terminate()
      reject(cannotCut(field, `the PDF took longer than ${PDF_TIMEOUT_MS / 1000} s to read; upload a preview instead`))
    }, PDF_TIMEOUT_MS)
    worker.once("message", (message: WorkerAnswer) => {
      clearTimeout(timer)
      resolve(message)
      void worker.terminate()
    })
    worker.once("error", (err) => {
      clearTimeout(timer)
      // ERR_WORKER_OUT_OF_MEMORY and the like: the PDF is too heavy to cut here.
      reject(cannotCut(field, `the PDF could not be read (${err.message}); upload a preview instead`))
    })
  })
  if (!answer.ok) {
    // pdf-lib's EncryptedPDFError (its class name does not survive its ES5 build: the message says it).
    if (answer.name === "EncryptedPDFError" || /is encrypted/.test(answer.message)) throw cannotCut(field, "the PDF is encrypted; upload a preview instead")
    throw cannotCut(field, `the PDF could not be read (${answer.message}); upload a preview instead`)
  }
  if (answer.total === 0) throw cannotCut(field, "the PDF has no pages")
  return { bytes: Buffer.from(answer.bytes.buffer, answer.bytes.byteOffset, answer.bytes.byteLength), pages: answer.pages, total: answer.total }
}
