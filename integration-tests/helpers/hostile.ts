import crypto from "crypto"
import fs from "fs"
import http from "http"
import path from "path"

/** Runs `fn` over `items` with at most `limit` calls in flight; results in input order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    for (;;) {
      const i = next++
      if (i >= items.length) return
      results[i] = await fn(items[i], i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

export type RawPart =
  | { name: string; value: string | Buffer }
  | {
      /**
       * The part's Content-Disposition parameters after `form-data; name="file"; `,
       * sent byte for byte (latin1), e.g. `filename*=UTF-8''a%0D%0Ab.txt`.
       */
      dispositionParams: string
      content: Buffer | string
      contentType?: string
      name?: string
    }

/**
 * A multipart/form-data body built by hand, so that a test controls every byte
 * of the part headers (FormData escapes quotes and CR/LF the way browsers do).
 */
export function rawMultipart(parts: RawPart[], options: { closing?: boolean } = {}) {
  const boundary = `----hostile${crypto.randomBytes(8).toString("hex")}`
  const chunks: Buffer[] = []
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`))
    if ("value" in part) {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${part.name}"\r\n\r\n`))
      chunks.push(Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value, "utf8"))
    } else {
      chunks.push(
        Buffer.from(
          `Content-Disposition: form-data; name="${part.name ?? "file"}"; ${part.dispositionParams}\r\n` +
            `Content-Type: ${part.contentType ?? "application/octet-stream"}\r\n\r\n`,
          "latin1"
        )
      )
      chunks.push(Buffer.isBuffer(part.content) ? part.content : Buffer.from(part.content, "utf8"))
    }
    chunks.push(Buffer.from("\r\n"))
  }
  if (options.closing !== false) chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` }
}

/**
 * Every route a plugin folder declares, read from its `route.ts` files: the URL
 * (each `[param]` replaced by `fakeId`) and every HTTP method the file exports.
 */
export function declaredRoutes(apiDir: string, prefix: string, fakeId = (param: string) => `${param}_hostile_fake`) {
  const routes: { method: string; url: string; file: string }[] = []
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) {
        walk(full)
        continue
      }
      if (entry.name !== "route.ts") continue
      const rel = path.relative(apiDir, path.dirname(full)).split(path.sep).filter(Boolean)
      const url = [prefix, ...rel.map((seg) => seg.replace(/^\[(.+)\]$/, (_, p) => fakeId(p)))].join("/")
      const source = fs.readFileSync(full, "utf8")
      const methods = new Set(
        [...source.matchAll(/export\s+(?:async\s+)?(?:function|const|let)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g)].map((m) => m[1])
      )
      for (const method of methods) routes.push({ method, url, file: path.relative(process.cwd(), full) })
    }
  }
  walk(apiDir)
  return routes.sort((a, b) => (a.url + a.method).localeCompare(b.url + b.method))
}

/**
 * Checks a download's Content-Disposition: printable ASCII only (no CR/LF/NUL),
 * `attachment; filename="<ascii>"` where the quoted string cannot be broken out
 * of, and, when the name is not plain ASCII, `filename*=UTF-8''<RFC 8187>` that
 * decodes back to exactly `expectedName`.
 */
export function parseContentDisposition(header: string | null) {
  if (header == null) throw new Error("no Content-Disposition header")
  if (!/^[\x20-\x7e]+$/.test(header)) throw new Error(`Content-Disposition has bytes outside printable ASCII: ${JSON.stringify(header)}`)
  const m = /^attachment; filename="([^"\\]*)"(?:; filename\*=UTF-8''([A-Za-z0-9!#$&+\-.^_`|~%]+))?$/.exec(header)
  if (!m) throw new Error(`Content-Disposition is not of the expected shape: ${JSON.stringify(header)}`)
  return { ascii: m[1], extended: m[2] === undefined ? null : decodeURIComponent(m[2]) }
}

/** What a stored, customer-facing file name must never contain. */
export function unsafeNameProblems(name: string): string[] {
  const problems: string[] = []
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) problems.push("control character")
  if (/[\\/]/.test(name)) problems.push("path separator")
  if (name.includes("..")) problems.push("'..'")
  if (/^[.\s]/.test(name)) problems.push("leading dot or space")
  if (/[\u202a-\u202e\u2066-\u2069]/.test(name)) problems.push("bidi override")
  if (!name.length) problems.push("empty")
  if (Buffer.byteLength(name) > 200) problems.push(`longer than 200 bytes (${Buffer.byteLength(name)})`)
  return problems
}

export type RawResponse = { status: number; headers: http.IncomingHttpHeaders; body: Buffer }

/**
 * One HTTP request with Node's own client: the path is sent exactly as given
 * (fetch would normalise it), through the given agent (e.g. one with 200 sockets).
 */
export function rawRequest(
  baseURL: string,
  pathAndQuery: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | string; agent?: http.Agent } = {}
): Promise<RawResponse> {
  const base = new URL(baseURL)
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        path: pathAndQuery,
        method: options.method ?? "GET",
        headers: options.headers,
        agent: options.agent,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on("data", (c: Buffer) => chunks.push(c))
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
        res.on("error", reject)
      }
    )
    req.on("error", reject)
    req.end(options.body)
  })
}

/** An axios call that may be refused: its response either way (a network error still throws). */
export const responseOf = (p: Promise<any>) => p.then((r) => r, (e: any) => e.response ?? Promise.reject(e))
