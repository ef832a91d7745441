import type { MedusaRequest } from "@medusajs/framework/http"
import type { IFileModuleService } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import busboy from "busboy"
import crypto from "crypto"
import mimeTypes from "mime-types"
import path from "path"
import { Transform, type TransformCallback } from "stream"
import { pipeline } from "stream/promises"
import { sanitizeFilename } from "../../utils/filename"

export type StoredUpload = {
  file_id: string
  /** Customer-facing name: the `filename` field, else the uploaded file's name. */
  filename: string
  mime_type: string
  size: number
  sha256: string
  fields: Record<string, string>
}

/** Counts and hashes the bytes that flow through, without holding them. */
class HashingCounter extends Transform {
  readonly hash = crypto.createHash("sha256")
  size = 0
  _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback) {
    this.hash.update(chunk)
    this.size += chunk.length
    callback(null, chunk)
  }
}

/** The Content-Type for a file name (mime-types), falling back to the uploader's claim, then octet-stream. */
export function mimeTypeFor(filename: string, claimed?: string | null): string {
  const byName = mimeTypes.lookup(filename)
  if (byName) return byName
  if (claimed && /^[\w.+-]+\/[\w.+-]+$/.test(claimed) && claimed !== "application/octet-stream") return claimed
  return "application/octet-stream"
}

export function isMultipart(req: MedusaRequest): boolean {
  return /^multipart\/form-data/i.test(req.headers["content-type"] ?? "")
}

/**
 * Streams the `file` part of a multipart request into the File Module as a
 * private file, hashing it on the way: memory stays flat whatever the size.
 * The stored key is random, never derived from the customer-facing name.
 */
export async function storeMultipartUpload(
  req: MedusaRequest,
  options: { maxBytes?: number } = {}
): Promise<StoredUpload> {
  const fileService = req.scope.resolve<IFileModuleService>(Modules.FILE)
  const fields: Record<string, string> = {}
  let parser: busboy.Busboy
  try {
    parser = busboy({
      headers: req.headers,
      defParamCharset: "utf8",
      limits: {
        files: 1,
        fields: 20,
        fieldSize: 64 * 1024,
        // busboy flags a file as soon as it reaches fileSize bytes, even when
        // nothing follows: one byte more, so exactly maxBytes is still accepted.
        fileSize: options.maxBytes === undefined ? Infinity : options.maxBytes + 1,
      },
    })
  } catch (e) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid multipart body: ${(e as Error).message}`)
  }

  let upload: Promise<StoredUpload> | null = null
  let truncated = false
  let parseError: MedusaError | null = null
  /** Keys this request began to write: removed again if the request fails. */
  const started: string[] = []

  const finished = new Promise<void>((resolve, reject) => {
    parser.on("field", (name, value) => {
      fields[name] = value
    })
    parser.on("file", (name, stream, info) => {
      // busboy destroys the part with an error when the body is cut short, possibly
      // before the part is piped anywhere: that must never be an unhandled 'error'
      // (it would take the process down). pipeline() below still sees the error.
      stream.on("error", () => undefined)
      if (name !== "file" || upload) {
        stream.resume()
        return
      }
      stream.on("limit", () => {
        truncated = true
      })
      upload = (async () => {
        const original = sanitizeFilename(info.filename, "file")
        const ext = path.extname(original).toLowerCase().replace(/[^.a-z0-9]/g, "").slice(0, 16)
        const { writeStream, promise, fileKey } = await fileService.getUploadStream({
          // No directory part: file-local recognises private keys by their "private-" prefix.
          filename: `dd-${crypto.randomBytes(16).toString("hex")}${ext}`,
          mimeType: "application/octet-stream",
          access: "private",
        })
        started.push(fileKey)
        // Awaited below only when the copy succeeds: a failed copy must not leave
        // this promise rejected and unhandled (that would take the process down).
        promise.catch(() => undefined)
        const counter = new HashingCounter()
        try {
          await pipeline(stream, counter, writeStream)
        } catch (err) {
          // A write stream destroyed before its file was opened still creates the
          // file: let it close first, or the cleanup's unlink could run before it exists.
          await closedOrTimeout(writeStream, 2000)
          throw err
        }
        const stored = await promise
        return {
          file_id: stored.key ?? fileKey,
          filename: original,
          mime_type: mimeTypeFor(original, info.mimeType),
          size: counter.size,
          sha256: counter.hash.digest("hex"),
          fields,
        }
      })()
      upload.catch(reject)
    })
    parser.on("error", (err: Error) => {
      parseError = new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid multipart body: ${err.message}`)
      reject(parseError)
    })
    parser.on("close", () => resolve())
  })

  // A client that goes away mid-body never lets busboy see the end of the form:
  // tell it, so the partial file is closed and removed instead of left open.
  const onClose = () => {
    if (!req.complete) parser.destroy(new Error("the upload was interrupted"))
  }
  req.once("close", onClose)
  req.pipe(parser)
  let stored: StoredUpload
  try {
    await finished
    if (!upload) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "file: a multipart part named `file` is required")
    }
    stored = await upload
    if (truncated) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `file: larger than the ${options.maxBytes} bytes allowed`
      )
    }
  } catch (err) {
    // Let the write stop, then remove whatever this request stored.
    await (upload as Promise<StoredUpload> | null)?.catch(() => undefined)
    await Promise.all(started.map((key) => fileService.deleteFiles(key).catch(() => undefined)))
    // A body that could not be parsed is the client's error (400), even when the
    // part's own stream reported it first.
    throw parseError ?? err
  } finally {
    req.off("close", onClose)
  }
  if (fields.filename) {
    stored.filename = sanitizeFilename(fields.filename, stored.filename)
    stored.mime_type = mimeTypeFor(stored.filename, stored.mime_type)
  }
  return stored
}

/** Resolves once a stream has closed (its file descriptor released), or after `ms`. */
function closedOrTimeout(stream: NodeJS.WritableStream, ms: number): Promise<void> {
  const s = stream as NodeJS.WritableStream & { closed?: boolean; once(event: "close", cb: () => void): unknown }
  if (s.closed) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms)
    s.once("close", () => {
      clearTimeout(timer)
      resolve()
    })
  })
}
