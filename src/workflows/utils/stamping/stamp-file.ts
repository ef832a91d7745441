import type { IFileModuleService } from "@medusajs/framework/types"
import fs from "fs"
import os from "os"
import path from "path"
import { pipeline } from "stream/promises"
import { storePrivate } from "../private-file"
import type { StampPool, StampResult } from "./pool"
import type { StampInput } from "./stamp-pdf"

export type StampedFile = Omit<StampResult, "heap_total_bytes" | "external_bytes"> & { file_id: string }

/**
 * Stamps a stored PDF into a new private file: the original is streamed to a
 * temporary folder (never held in this thread's memory), stamped by a worker
 * of the pool, and the result streamed back to the File Module. Storage
 * errors are thrown as they are; a PDF that cannot be stamped throws
 * UnstampablePdfError (./pool.ts). The temporary folder is always removed.
 */
export async function stampStoredPdf(files: IFileModuleService, pool: StampPool, fileId: string, input: StampInput): Promise<StampedFile> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "dd-stamp-"))
  try {
    const source = path.join(dir, "source.pdf")
    const stamped = path.join(dir, "stamped.pdf")
    await pipeline(await files.getDownloadStream(fileId), fs.createWriteStream(source))
    const result = await pool.run({ input_path: source, output_path: stamped, input })
    const file_id = await storePrivate(files, fs.createReadStream(stamped), ".pdf")
    return { file_id, pages: result.pages, size: result.size, sha256: result.sha256 }
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true })
  }
}
