import crypto from "crypto"
import http from "http"

export type GetOptions = {
  method?: string
  headers?: Record<string, string>
  /**
   * Source address of the connection. Any address of 127.0.0.0/8 works on
   * Linux: the server sees another client (req.ip).
   */
  localAddress?: string
  /** Destroys the connection once at least this many body bytes arrived: a client that gives up. */
  abortAfter?: number
  /** Destroys the connection after this many ms if no response has started: a client that gives up waiting (resolves with status 0). */
  abortAfterMs?: number
  /** Keeps the body (a refusal's body, status ≥ 300, is always kept). */
  keepBody?: boolean
  /** Called when the response headers arrive (a download manager starts its other connections then). */
  onResponse?: (res: http.IncomingMessage) => void
}

export type Got = {
  status: number
  headers: http.IncomingHttpHeaders
  /** Body bytes received, however the response ended. */
  bytes: number
  /** sha256 of the bytes received. */
  sha256: string
  /** The body ended normally (all of Content-Length), not cut by either side. */
  complete: boolean
  /** The body, when kept (see keepBody). */
  body: Buffer
}

/**
 * One request on its own connection, with Node's `http` (no pool, no retry):
 * a body cut by the server (a storage error) or by `abortAfter` resolves with
 * what arrived and `complete: false` instead of throwing.
 */
export function get(url: string, opts: GetOptions = {}): Promise<Got> {
  const target = new URL(url)
  // "localhost" may resolve to ::1, which a 127.0.0.x source address cannot reach.
  const hostname = target.hostname === "localhost" ? "127.0.0.1" : target.hostname
  return new Promise((resolve, reject) => {
    let responded = false
    const req = http.request(
      {
        hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: opts.method ?? "GET",
        headers: opts.headers,
        localAddress: opts.localAddress,
        agent: false,
      },
      (res) => {
        responded = true
        opts.onResponse?.(res)
        const keep = opts.keepBody || (res.statusCode ?? 0) >= 300
        const hash = crypto.createHash("sha256")
        const chunks: Buffer[] = []
        let bytes = 0
        res.on("data", (chunk: Buffer) => {
          hash.update(chunk)
          bytes += chunk.length
          if (keep) chunks.push(chunk)
          if (opts.abortAfter !== undefined && bytes >= opts.abortAfter) req.destroy()
        })
        // A cut body emits "error" (aborted); the outcome is read on "close".
        res.on("error", () => undefined)
        res.on("close", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            bytes,
            sha256: hash.digest("hex"),
            complete: res.complete,
            body: Buffer.concat(chunks),
          })
        )
      }
    )
    let gaveUp = false
    if (opts.abortAfterMs !== undefined) {
      setTimeout(() => {
        if (responded) return
        gaveUp = true
        req.destroy()
        resolve({ status: 0, headers: {}, bytes: 0, sha256: crypto.createHash("sha256").digest("hex"), complete: false, body: Buffer.alloc(0) })
      }, opts.abortAfterMs)
    }
    req.on("error", (err) => {
      // After the response started, its "close" resolves; before, the request failed (unless this client gave up).
      if (!responded && !gaveUp) reject(err)
    })
    req.end()
  })
}
