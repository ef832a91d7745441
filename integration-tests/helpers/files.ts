import crypto from "crypto"
import fs from "fs"
import os from "os"
import path from "path"
import { pipeline } from "stream/promises"
import { Readable } from "stream"

/** Writes `size` random bytes to a temp file; returns its path and sha256. */
export async function randomFile(size: number, name = "file.bin") {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dd-file-"))
  const file = path.join(dir, name)
  const hash = crypto.createHash("sha256")
  const chunk = 1024 * 1024
  let left = size
  const source = new Readable({
    read() {
      if (left <= 0) return this.push(null)
      const buf = crypto.randomBytes(Math.min(chunk, left))
      left -= buf.length
      hash.update(buf)
      this.push(buf)
    },
  })
  await pipeline(source, fs.createWriteStream(file))
  return { file, sha256: hash.digest("hex"), size, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) }
}

/** Uploads a file with a streamed multipart body (never read into memory). */
export async function uploadFile(
  baseURL: string,
  url: string,
  headers: Record<string, string>,
  file: string,
  fields: Record<string, string> = {},
  uploadName = path.basename(file)
) {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  form.append("file", await fs.openAsBlob(file), uploadName)
  const res = await fetch(baseURL + url, { method: "POST", headers, body: form })
  return { status: res.status, body: (await res.json()) as any }
}

/** Fetches a URL and hashes the body as it streams. */
export async function download(url: string, headers: Record<string, string> = {}, method = "GET") {
  const res = await fetch(url, { method, headers, redirect: "manual" })
  const hash = crypto.createHash("sha256")
  let bytes = 0
  if (res.body) {
    for await (const chunk of res.body as any) {
      hash.update(chunk)
      bytes += chunk.length
    }
  }
  return { status: res.status, headers: res.headers, bytes, sha256: hash.digest("hex") }
}

export function sha256Of(file: string, start = 0, end?: number) {
  return new Promise<string>((resolve, reject) => {
    const hash = crypto.createHash("sha256")
    fs.createReadStream(file, { start, end })
      .on("data", (d) => hash.update(d))
      .on("end", () => resolve(hash.digest("hex")))
      .on("error", reject)
  })
}

/** Retries an assertion until it passes (events are written just after the response ends). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await check()
    } catch (err) {
      if (Date.now() > deadline) throw err
      await new Promise((r) => setTimeout(r, 50))
    }
  }
}
