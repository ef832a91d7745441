import type { IFileModuleService } from "@medusajs/framework/types"
import fs from "fs"
import type { Readable } from "stream"

/** Read buffer of the direct file path: 1 MiB chunks keep a 1 GiB download at disk speed. */
const LOCAL_CHUNK = 1024 * 1024

/**
 * Opens a stored file for bytes [first, last]. The File Module can only stream
 * whole files, so the result says where the wanted bytes start in the stream
 * (`offset`). When the provider hands back a plain file stream (file-local),
 * the file is reopened at the range with a larger buffer instead: a resume
 * reads only what it sends. Storage errors (a missing file) are thrown here,
 * before any byte or header is sent.
 */
export async function openFileRange(
  files: IFileModuleService,
  fileId: string,
  first: number,
  last: number
): Promise<{ stream: Readable; offset: number }> {
  const original = await files.getDownloadStream(fileId)
  // A whole small file is read as it comes; anything else from a plain file is
  // reopened at the range (a resume must not read what it skips).
  const worthReopening = first > 0 || last - first + 1 > LOCAL_CHUNK
  if (worthReopening && original instanceof fs.ReadStream && typeof original.path === "string" && last >= first) {
    const filePath = original.path
    // It may still be opening: its late "error" (e.g. ENOENT) must not go unheard.
    original.on("error", () => undefined)
    original.destroy()
    const ranged = fs.createReadStream(filePath, { start: first, end: last, highWaterMark: LOCAL_CHUNK })
    await firstReadable(ranged)
    return { stream: ranged, offset: first }
  }
  await firstReadable(original)
  return { stream: original, offset: 0 }
}

/** Resolves once the stream has data (or ended); rejects on its first error. */
function firstReadable(stream: Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      stream.off("readable", onReadable)
      stream.off("end", onReadable)
      stream.off("error", onError)
    }
    const onReadable = () => {
      cleanup()
      resolve()
    }
    const onError = (err: Error) => {
      cleanup()
      stream.destroy()
      reject(err)
    }
    stream.once("readable", onReadable)
    stream.once("end", onReadable)
    stream.once("error", onError)
  })
}
