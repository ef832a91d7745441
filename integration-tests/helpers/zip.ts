import crypto from "crypto"
import yauzl from "yauzl"
import zlib from "zlib"

/**
 * Reads a ZIP held in memory (test-sized) and returns each entry's name, size
 * and sha256; rejects an entry whose bytes do not match the CRC-32 the archive
 * states for it (computed here over the whole entry at once).
 */
export function readZip(buffer: Buffer): Promise<{ name: string; size: number; sha256: string }[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) return reject(err)
      const entries: { name: string; size: number; sha256: string }[] = []
      zip.on("entry", (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e)
          const hash = crypto.createHash("sha256")
          let size = 0
          const chunks: Buffer[] = []
          stream.on("data", (d: Buffer) => {
            hash.update(d)
            size += d.length
            chunks.push(d)
          })
          stream.on("end", () => {
            const crc = zlib.crc32(Buffer.concat(chunks))
            if (crc !== entry.crc32) return reject(new Error(`${entry.fileName}: CRC-32 ${crc} in its bytes, ${entry.crc32} in the archive`))
            entries.push({ name: entry.fileName, size, sha256: hash.digest("hex") })
            zip.readEntry()
          })
          stream.on("error", reject)
        })
      })
      zip.on("end", () => resolve(entries))
      zip.on("error", reject)
      zip.readEntry()
    })
  })
}
