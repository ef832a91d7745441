import { Worker } from "worker_threads"
import { stampPdfDocument, type StampInput } from "./stamp-pdf"

/**
 * Stamping runs in worker threads, never on the event loop (parsing and
 * writing a 100 MB PDF is seconds of synchronous work), at most
 * `concurrency` at a time per process; the rest wait their turn in order.
 * Each job gets a fresh worker with a bounded JavaScript heap
 * (`max_heap_mb`) and a deadline (`timeout_seconds`): a PDF that needs more
 * is reported unstampable instead of taking the server down. The file's
 * bytes themselves live outside that heap (ArrayBuffers): the input once
 * and the output once, plus pdf-lib's copies of the streams (see the
 * README's "Stamped PDFs" for the bound measured on a 300-page, 100 MB book).
 */
export type StampPoolOptions = { concurrency: number; max_heap_mb: number; timeout_seconds: number }

export type StampJob = { input_path: string; output_path: string; input: StampInput }

export type StampResult = {
  pages: number
  size: number
  sha256: string
  /** the worker's V8 heap when it finished (committed bytes) and the external (ArrayBuffer) bytes it held then */
  heap_total_bytes: number
  external_bytes: number
}

/** Why a PDF cannot be stamped: the same answer every time for this file (unlike a storage error). */
export type UnstampableReason = "encrypted" | "damaged" | "too_large" | "timeout"

export class UnstampablePdfError extends Error {
  constructor(readonly reason: UnstampableReason, message: string) {
    super(message)
    this.name = "UnstampablePdfError"
  }
}

// Plain JavaScript run with `eval` (the compiled plugin needs no worker file
// of its own): the stamping function's own text, and pdf-lib by the path this
// process resolved.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("worker_threads")
const fs = require("fs")
const crypto = require("crypto")
const v8 = require("v8")
const lib = require(workerData.pdfLib)
const stampPdfDocument = ${stampPdfDocument.toString()}
;(async () => {
  try {
    let bytes = fs.readFileSync(workerData.job.input_path)
    if (bytes.subarray(0, 1024).indexOf("%PDF-") === -1) throw new Error("not a PDF (no %PDF- header)")
    const stamped = await stampPdfDocument(lib, bytes, workerData.job.input)
    bytes = null
    fs.writeFileSync(workerData.job.output_path, stamped.bytes)
    const sha256 = crypto.createHash("sha256").update(stamped.bytes).digest("hex")
    const heap = v8.getHeapStatistics()
    parentPort.postMessage({ ok: true, pages: stamped.pages, size: stamped.bytes.length, sha256,
      heap_total_bytes: heap.total_heap_size, external_bytes: heap.external_memory })
  } catch (err) {
    parentPort.postMessage({ ok: false, name: (err && err.constructor && err.constructor.name) || "Error", message: String((err && err.message) || err) })
  }
})()
`

type WorkerAnswer = ({ ok: true } & StampResult) | { ok: false; name: string; message: string }

export class StampPool {
  private running = 0
  private readonly waiting: (() => void)[] = []

  constructor(readonly options: StampPoolOptions) {}

  /** Jobs stamping now, and waiting for a worker. */
  get load() {
    return { running: this.running, waiting: this.waiting.length }
  }

  /** Stamps `job.input_path` into `job.output_path`. Throws UnstampablePdfError for a PDF that cannot be stamped. */
  async run(job: StampJob): Promise<StampResult> {
    if (this.running >= this.options.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve))
    this.running++
    try {
      return await this.runWorker(job)
    } finally {
      this.running--
      this.waiting.shift()?.()
    }
  }

  private runWorker(job: StampJob): Promise<StampResult> {
    return new Promise<StampResult>((resolve, reject) => {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { job, pdfLib: require.resolve("pdf-lib") },
        resourceLimits: { maxOldGenerationSizeMb: this.options.max_heap_mb },
      })
      const timer = setTimeout(() => {
        void worker.terminate()
        reject(new UnstampablePdfError("timeout", `stamping took longer than ${this.options.timeout_seconds} s`))
      }, this.options.timeout_seconds * 1000)
      worker.once("message", (answer: WorkerAnswer) => {
        clearTimeout(timer)
        void worker.terminate()
        if (answer.ok) {
          const { ok: _ok, ...result } = answer
          resolve(result)
        } else reject(unstampable(answer.name, answer.message))
      })
      worker.once("error", (err: Error & { code?: string }) => {
        clearTimeout(timer)
        reject(
          err.code === "ERR_WORKER_OUT_OF_MEMORY"
            ? new UnstampablePdfError("too_large", `the PDF needs more than ${this.options.max_heap_mb} MB of memory to stamp`)
            : err
        )
      })
    })
  }
}

/** pdf-lib's EncryptedPDFError (its class name does not survive pdf-lib's ES5 build: the message says it), else a damaged file. */
function unstampable(name: string, message: string): UnstampablePdfError {
  if (name === "EncryptedPDFError" || /is encrypted/i.test(message)) return new UnstampablePdfError("encrypted", "the PDF is encrypted")
  return new UnstampablePdfError("damaged", `the PDF could not be read (${message.slice(0, 200)})`)
}

let shared: StampPool | null = null

/** The process's pool (made with the first options it is asked with: the plugin's options do not change while it runs). */
export function stampPool(options: StampPoolOptions): StampPool {
  shared ??= new StampPool(options)
  return shared
}
