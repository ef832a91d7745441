import crypto from "crypto"
import yauzl from "yauzl"

/** Reads a ZIP held in memory (test-sized) and returns each entry's name, size and sha256. */
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
          stream.on("data", (d: Buffer) => {
            hash.update(d)
            size += d.length
          })
          stream.on("end", () => {
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
