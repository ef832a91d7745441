import { PDFDocument } from "pdf-lib"
import { Readable } from "stream"
import { cutPdf } from "../pdf"
import { buildWav, cutWav, parseWavHeader } from "../wav"

/** A WAV file: `fmt` as given, `seconds` of a counting signal, optional chunks before the data. */
function wav(opts: { format?: number; channels?: number; rate?: number; bits?: number; seconds: number; extensible?: number; before?: Buffer[]; dataSize?: number }) {
  const channels = opts.channels ?? 2
  const rate = opts.rate ?? 8000
  const bits = opts.bits ?? 16
  const blockAlign = (channels * bits) / 8
  const fmt = Buffer.alloc(opts.extensible ? 40 : 16)
  fmt.writeUInt16LE(opts.extensible ? 0xfffe : (opts.format ?? 1), 0)
  fmt.writeUInt16LE(channels, 2)
  fmt.writeUInt32LE(rate, 4)
  fmt.writeUInt32LE(rate * blockAlign, 8)
  fmt.writeUInt16LE(blockAlign, 12)
  fmt.writeUInt16LE(bits, 14)
  if (opts.extensible) {
    fmt.writeUInt16LE(22, 16)
    fmt.writeUInt16LE(bits, 18)
    fmt.writeUInt32LE(3, 20)
    fmt.writeUInt16LE(opts.extensible, 24)
    Buffer.from("000000001000800000aa00389b71", "hex").copy(fmt, 26)
  }
  const data = Buffer.alloc(Math.round(opts.seconds * rate) * blockAlign)
  for (let i = 0; i < data.length; i++) data[i] = i % 251
  const chunk = (id: string, body: Buffer, size = body.length) => {
    const head = Buffer.alloc(8)
    head.write(id, 0, "latin1")
    head.writeUInt32LE(size, 4)
    return Buffer.concat([head, body, body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)])
  }
  const body = Buffer.concat([Buffer.from("WAVE"), ...(opts.before ?? []).map((b) => chunk("LIST", b)), chunk("fmt ", fmt), chunk("data", data, opts.dataSize)])
  const riff = Buffer.alloc(8)
  riff.write("RIFF", 0, "latin1")
  riff.writeUInt32LE(body.length, 4)
  return { bytes: Buffer.concat([riff, body]), data }
}

/** The file's bytes as a stream of small chunks (as storage hands them out). */
const streamOf = (bytes: Buffer, size = 1000) => Readable.from(Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size)))

const cut = (bytes: Buffer, seconds: number) => cutWav(streamOf(bytes), bytes.length, seconds, { maxBytes: 50 * 1024 * 1024 })

describe("WAV previews", () => {
  it("keeps the fmt chunk and the first N seconds, with the sizes of the new file", async () => {
    const source = wav({ seconds: 10 })
    const { bytes, seconds } = await cut(source.bytes, 3)
    expect(seconds).toBe(3)
    const header = parseWavHeader(bytes, bytes.length)!
    expect(header).toMatchObject({ format: 1, channels: 2, sampleRate: 8000, blockAlign: 4, dataOffset: 44, dataSize: 3 * 8000 * 4 })
    expect(bytes.readUInt32LE(4)).toBe(bytes.length - 8)
    expect(bytes.readUInt32LE(40)).toBe(3 * 8000 * 4)
    expect(bytes.subarray(44).equals(source.data.subarray(0, 3 * 8000 * 4))).toBe(true)
  })

  it("reads past other chunks (odd sizes padded) and keeps the whole file when it is shorter", async () => {
    const source = wav({ seconds: 1.5, channels: 1, bits: 8, before: [Buffer.from("INFOabc")] })
    const { bytes, seconds } = await cut(source.bytes, 30)
    expect(seconds).toBe(1.5)
    const header = parseWavHeader(bytes, bytes.length)!
    expect(header.dataSize).toBe(source.data.length)
    expect(bytes.subarray(header.dataOffset).equals(source.data)).toBe(true)
  })

  it("handles WAVE_FORMAT_EXTENSIBLE float: the fmt chunk copied whole, a fact chunk with the frame count", async () => {
    const source = wav({ seconds: 5, bits: 32, rate: 44100, extensible: 3 })
    const { bytes, seconds } = await cut(source.bytes, 2)
    expect(seconds).toBe(2)
    const header = parseWavHeader(bytes, bytes.length)!
    expect(header).toMatchObject({ format: 3, sampleRate: 44100, blockAlign: 8, dataSize: 2 * 44100 * 8 })
    expect(header.fmt.length).toBe(40)
    const fact = bytes.indexOf("fact")
    expect(bytes.readUInt32LE(fact + 8)).toBe(2 * 44100)
    expect(bytes.readUInt32LE(4)).toBe(bytes.length - 8)
  })

  it("takes a streamed recording's unknown data size (0 or 0xFFFFFFFF) as 'to the end of the file'", async () => {
    const source = wav({ seconds: 2, dataSize: 0xffffffff })
    const { seconds } = await cut(source.bytes, 5)
    expect(seconds).toBe(2)
  })

  it("refuses compressed WAV, RF64 and files that are not WAV with a 400 naming the field", async () => {
    await expect(cut(wav({ seconds: 1, format: 2 }).bytes, 1)).rejects.toMatchObject({ type: "invalid_data", message: expect.stringMatching(/^asset: WAV format 0x2 is compressed/) })
    await expect(cut(wav({ seconds: 1, extensible: 0x55 }).bytes, 1)).rejects.toMatchObject({ message: expect.stringMatching(/format 0x55/) })
    const rf64 = wav({ seconds: 1 }).bytes
    rf64.write("RF64", 0, "latin1")
    await expect(cut(rf64, 1)).rejects.toMatchObject({ message: expect.stringMatching(/RF64/) })
    await expect(cut(Buffer.from("ID3\x03 not a wave file at all"), 1)).rejects.toMatchObject({ message: expect.stringMatching(/^asset: the file is not a WAV file/) })
  })

  it("refuses a cut larger than a preview may be, naming seconds", async () => {
    const source = wav({ seconds: 4 })
    await expect(cutWav(streamOf(source.bytes), source.bytes.length, 4, { maxBytes: 1000 })).rejects.toMatchObject({ message: expect.stringMatching(/^seconds: /) })
  })

  it("builds what it parses back", () => {
    const header = parseWavHeader(wav({ seconds: 1 }).bytes, 44 + 32000)!
    const out = buildWav(header, Buffer.alloc(12))
    expect(parseWavHeader(out, out.length)).toMatchObject({ dataSize: 12, dataOffset: 44 })
  })
})

async function pdfOf(pages: number) {
  const doc = await PDFDocument.create()
  doc.setTitle("Sample book")
  for (let i = 0; i < pages; i++) doc.addPage([200 + i, 300]).drawText(`page ${i + 1}`)
  return Buffer.from(await doc.save())
}

describe("PDF previews (pdf-lib in a worker thread)", () => {
  it("keeps the first N pages, in order", async () => {
    const { bytes, pages, total } = await cutPdf(await pdfOf(7), 3)
    expect([pages, total]).toEqual([3, 7])
    const preview = await PDFDocument.load(bytes)
    expect(preview.getPageCount()).toBe(3)
    expect(preview.getPages().map((p) => p.getWidth())).toEqual([200, 201, 202])
    expect(preview.getTitle()).toBe("Sample book")
  })

  it("keeps every page of a shorter PDF", async () => {
    const { pages } = await cutPdf(await pdfOf(2), 3)
    expect(pages).toBe(2)
  })

  it("refuses an encrypted PDF and a file that is no PDF with a 400", async () => {
    const doc = await PDFDocument.load(await pdfOf(1))
    doc.context.trailerInfo.Encrypt = doc.context.obj({ Filter: "Standard" })
    const encrypted = Buffer.from(await doc.save())
    await expect(cutPdf(encrypted, 3)).rejects.toMatchObject({ type: "invalid_data", message: "asset: the PDF is encrypted; upload a preview instead" })
    await expect(cutPdf(Buffer.from("hello"), 3)).rejects.toMatchObject({ message: expect.stringMatching(/^asset: the file is not a PDF/) })
    await expect(cutPdf(Buffer.from("%PDF-1.7\ngarbage"), 3)).rejects.toMatchObject({ message: expect.stringMatching(/^asset: the PDF could not be read/) })
  })
})
