import type { IFileModuleService } from "@medusajs/framework/types"
import crypto from "crypto"
import { Readable } from "stream"
import { pipeline } from "stream/promises"

/**
 * Stores bytes (a buffer, or a stream: never held whole) as a private file
 * under a random key, as uploads are; returns its File Module id.
 */
export async function storePrivate(files: IFileModuleService, body: Buffer | Readable, ext: string): Promise<string> {
  const { writeStream, promise, fileKey } = await files.getUploadStream({
    filename: `dd-${crypto.randomBytes(16).toString("hex")}${ext}`,
    mimeType: "application/octet-stream",
    access: "private",
  })
  promise.catch(() => undefined)
  if (Buffer.isBuffer(body)) {
    await new Promise<void>((resolve, reject) => {
      writeStream.once("error", reject)
      writeStream.end(body, () => resolve())
    })
  } else {
    await pipeline(body, writeStream)
  }
  const stored = await promise
  return stored.key ?? fileKey
}
