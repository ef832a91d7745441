import type { ServerResponse } from "http"
import { finished, type Readable } from "stream"
import { ByteSlice } from "./byte-slice"

/**
 * How a body ended. `sent` counts the bytes handed to the network: a chunk
 * counts once the socket wrote it, or started to (a write the connection's
 * end cut short may have reached the client in part: it is counted, so usage
 * never falls behind what a client could have read). Chunks still queued in
 * Node when the client goes away are not charged. Bytes already in the
 * kernel's buffers that the client never read are (nothing in Node can see
 * them; see the README's "What a buyer pays for").
 */
export type BodyResult =
  | { ended: "complete"; sent: number }
  /** `queued`: bytes handed to the response that the network never took */
  | { ended: "client_gone"; sent: number; queued: number }
  | { ended: "storage_failed"; sent: number; error: Error }

/**
 * Sends `length` bytes of a stream to a response whose headers are set (cut
 * to [first, last] of what it yields when `slice` is given, for a storage
 * that can only stream whole files). Backpressure is respected;
 * the source is closed whatever happens. Never rejects.
 */
export function sendBody(
  res: ServerResponse,
  source: Readable,
  length: number,
  slice?: { first: number; last: number }
): Promise<BodyResult> {
  return new Promise((resolve) => {
    let sent = 0
    let written = 0
    let failure: Error | null = null
    const readable = slice ? source.pipe(new ByteSlice(slice.first, slice.last)) : source

    const write = (chunk: Buffer) => {
      const n = chunk.length
      written += n
      return res.write(chunk, (err) => {
        if (!err || handedToSocket(err)) sent += n
      })
    }

    // Also when the client left before the body started (while the grant was
    // checked or the file opened): the response is already closed then.
    finished(res, () => {
      source.destroy()
      if (readable !== source) readable.destroy()
      // Write callbacks of chunks the socket took run before its close is
      // seen here; those it did not take fail: wait one turn for them.
      setImmediate(() => {
        if (failure) resolve({ ended: "storage_failed", sent, error: failure })
        else if (res.writableFinished) resolve({ ended: "complete", sent: length })
        else resolve({ ended: "client_gone", sent, queued: written - sent })
      })
    })

    /** The storage failed, or gave fewer bytes than its record says: the client must see an incomplete body. */
    const fail = (err: Error) => {
      if (failure) return
      failure = err
      res.destroy()
    }

    source.on("error", fail)
    readable.on("data", (chunk: Buffer) => {
      if (!write(chunk)) {
        readable.pause()
        res.once("drain", () => readable.resume())
      }
    })
    readable.once("end", () => {
      if (written < length) fail(new Error(`the stored file ended after ${written} of ${length} bytes`))
      else res.end()
    })
  })
}

/** Write errors of chunks that never left Node (the stream was destroyed or ended before their turn). */
const NEVER_WRITTEN = new Set(["ERR_STREAM_DESTROYED", "ERR_STREAM_WRITE_AFTER_END", "ERR_STREAM_ALREADY_FINISHED"])

/** Whether a failed write had been handed to the socket (a reset connection fails the write in progress). */
function handedToSocket(err: Error): boolean {
  return !NEVER_WRITTEN.has((err as NodeJS.ErrnoException).code ?? "")
}
