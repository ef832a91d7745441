import crypto from "crypto"
import fs from "fs"
import os from "os"
import path from "path"
import * as pdfLib from "pdf-lib"
import { PDFDocument, PDFHexString, PDFName, degrees } from "pdf-lib"
import { pageText, pdfPagesText } from "../../../../../scripts/lib/pdf-text"
import { writeBigPdf } from "../../../../../scripts/lib/big-pdf"
import { StampPool, UnstampablePdfError } from "../pool"
import { STAMP_LAYOUT, stampPdfDocument, type StampInput } from "../stamp-pdf"
import { DEFAULT_STAMP_TEMPLATE, renderStampLine, toStandardFontText } from "../template"

const MiB = 1024 * 1024
const facts = { client_name: "Łukasz Żółć", email: "lukasz@example.com", order_id: "#1042", date: "2026-12-01" }

function inputFor(template: string | null = null): StampInput {
  const subject = renderStampLine(template, facts)
  return { line: toStandardFontText(subject), subject, facts, layout: STAMP_LAYOUT }
}

describe("the stamped line", () => {
  it("fills the placeholders, default template when none, one line", () => {
    expect(renderStampLine(null, facts)).toBe("Licensed to Łukasz Żółć (lukasz@example.com) · order #1042 · 2026-12-01")
    expect(renderStampLine("  ", facts)).toBe(renderStampLine(DEFAULT_STAMP_TEMPLATE, facts))
    expect(renderStampLine("For {Email}\non {Date} {Unknown}", facts)).toBe("For lukasz@example.com on 2026-12-01 {Unknown}")
  })

  it("keeps what the standard fonts draw, transliterates the rest, '?' for other scripts", () => {
    expect(toStandardFontText("Zoë Müller · 5 €")).toBe("Zoë Müller · 5 €")
    expect(toStandardFontText("Łukasz Żółć, Ærø, Straße")).toBe("Lukasz Zólc, Ærø, Straße")
    expect(toStandardFontText("Đorđe Šćepanović")).toBe("Dorde Šcepanovic")
    expect(toStandardFontText("Иван 王")).toBe("???? ?")
  })
})

/** A small PDF with the page shapes stamping must handle: turned pages, an A5 page, a crop box inset from the media box. */
async function mixedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create()
  const font = await doc.embedFont(pdfLib.StandardFonts.TimesRoman)
  for (const [i, rotate] of [0, 90, 180, 270].entries()) {
    const page = doc.addPage([612, 792])
    page.setRotation(degrees(rotate))
    page.drawText(`Body of page ${i + 1}`, { x: 72, y: 700, size: 12, font })
  }
  const a5 = doc.addPage([420, 595])
  a5.drawText("A5 page", { x: 50, y: 500, size: 12, font })
  const cropped = doc.addPage([595, 842])
  cropped.setCropBox(40, 60, 500, 700)
  cropped.drawText("Cropped page", { x: 100, y: 600, size: 12, font })
  return await doc.save()
}

/** The operators of the stream the stamping appended (the page's last content stream). */
function stampOperators(doc: PDFDocument, pageIndex: number): string {
  const contents = doc.getPage(pageIndex).node.Contents()!
  const last = contents instanceof pdfLib.PDFArray ? contents.lookup(contents.size() - 1) : contents
  return Buffer.from(pdfLib.decodePDFRawStream(last as pdfLib.PDFRawStream).decode()).toString("latin1")
}

/** The text matrix (x, y) and the angle of the stamped line on a page. */
function lineMatrix(doc: PDFDocument, pageIndex: number) {
  const ops = stampOperators(doc, pageIndex)
  const m = ops.match(/(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) Tm/)!
  const [a, b, , , e, f] = m.slice(1).map(Number)
  return { x: e, y: f, angle: Math.round((Math.atan2(b, a) * 180) / Math.PI + 360) % 360 }
}

describe("stampPdfDocument", () => {
  it("puts the buyer's line at the visible foot of every page, whatever its rotation or crop box, and the facts in the metadata", async () => {
    const stamped = await stampPdfDocument(pdfLib, await mixedPdf(), inputFor())
    expect(stamped.pages).toBe(6)
    const doc = await PDFDocument.load(stamped.bytes)
    const line = "Licensed to Lukasz Zólc (lukasz@example.com) · order #1042 · 2026-12-01"
    for (const page of doc.getPages()) {
      expect(pageText(doc, page)).toContain(line)
      // The page's own content is still there.
      expect(pageText(doc, page)).toMatch(/Body of page|A5 page|Cropped page/)
    }
    // Unturned letter page: centred near the bottom edge, baseline 8 pt up.
    expect(lineMatrix(doc, 0)).toMatchObject({ y: 8, angle: 0 })
    expect(lineMatrix(doc, 0).x).toBeGreaterThan(18)
    // /Rotate 90: the visible foot is the right edge (x = 612 − 8), the text runs up.
    expect(lineMatrix(doc, 1)).toMatchObject({ x: 604, angle: 90 })
    // /Rotate 180: the top edge, the text runs right to left.
    expect(lineMatrix(doc, 2)).toMatchObject({ y: 784, angle: 180 })
    // /Rotate 270: the left edge, the text runs down.
    expect(lineMatrix(doc, 3)).toMatchObject({ x: 8, angle: 270 })
    // The crop box (40, 60, 500 × 700): its foot, not the media box's.
    expect(lineMatrix(doc, 5).y).toBe(68)
    expect(lineMatrix(doc, 5).x).toBeGreaterThan(40)
    expect(doc.getSubject()).toBe("Licensed to Łukasz Żółć (lukasz@example.com) · order #1042 · 2026-12-01")
    expect(doc.getKeywords()).toContain("email: lukasz@example.com")
    const info = (doc as unknown as { getInfoDict(): pdfLib.PDFDict }).getInfoDict()
    expect((info.lookup(PDFName.of("LicensedTo")) as PDFHexString).decodeText()).toBe("Łukasz Żółć")
    expect((info.lookup(PDFName.of("LicensedOrder")) as PDFHexString).decodeText()).toBe("#1042")
  })

  it("shrinks a line too wide for a narrow page instead of running off it", async () => {
    const doc = await PDFDocument.create()
    doc.addPage([200, 300])
    const stamped = await PDFDocument.load((await stampPdfDocument(pdfLib, await doc.save(), inputFor())).bytes)
    const ops = stampOperators(stamped, 0)
    const size = Number(ops.match(/ ([\d.]+) Tf/)![1])
    expect(size).toBeLessThan(STAMP_LAYOUT.font_size)
    expect(size).toBeGreaterThanOrEqual(STAMP_LAYOUT.min_font_size)
  })
})

describe("StampPool (worker threads)", () => {
  let dir: string
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "dd-stamp-test-"))
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it("stamps a 300-page, 100 MB book off the main thread within the memory bound (4 × the file's size in all, a 96 MB worker heap)", async () => {
    const source = path.join(dir, "book.pdf")
    const output = path.join(dir, "book-stamped.pdf")
    const { size } = writeBigPdf(source, { pages: 300, bytes: 100 * MiB })
    expect(size).toBeGreaterThan(100 * MiB)
    // A heap far below the file's size: the bytes must live outside it, and it must be enough.
    const pool = new StampPool({ concurrency: 2, max_heap_mb: 96, timeout_seconds: 120 })
    global.gc?.()
    const base = process.memoryUsage().rss
    let peak = base
    let ticks = 0
    // Sampled on the main thread's event loop: it keeps turning while the worker stamps.
    const sampler = setInterval(() => {
      ticks++
      peak = Math.max(peak, process.memoryUsage().rss)
    }, 5)
    const result = await pool.run({ input_path: source, output_path: output, input: inputFor() }).finally(() => clearInterval(sampler))
    const peakIncrease = peak - base
    console.log(`stamping 300 pages, ${(size / MiB).toFixed(1)} MiB: peak RSS +${(peakIncrease / MiB).toFixed(0)} MiB, worker heap ${(result.heap_total_bytes / MiB).toFixed(0)} MiB, external ${(result.external_bytes / MiB).toFixed(0)} MiB, ${ticks} main-thread ticks`)
    expect(result.pages).toBe(300)
    expect(ticks).toBeGreaterThan(10)
    expect(peakIncrease).toBeLessThan(4 * size)
    expect(result.heap_total_bytes).toBeLessThan(96 * MiB)
    const bytes = fs.readFileSync(output)
    expect(bytes.length).toBe(result.size)
    expect(crypto.createHash("sha256").update(bytes).digest("hex")).toBe(result.sha256)
    const texts = await pdfPagesText(bytes)
    expect(texts).toHaveLength(300)
    expect(texts.every((t) => t.includes("Licensed to Lukasz Zólc (lukasz@example.com)"))).toBe(true)
  }, 120_000)

  it("runs at most `concurrency` workers at once; the rest wait their turn", async () => {
    const source = path.join(dir, "small.pdf")
    writeBigPdf(source, { pages: 20, bytes: 2 * MiB })
    const pool = new StampPool({ concurrency: 2, max_heap_mb: 128, timeout_seconds: 60 })
    let most = 0
    const watch = setInterval(() => (most = Math.max(most, pool.load.running)), 1)
    const runs = await Promise.all(
      [1, 2, 3, 4, 5].map((i) => pool.run({ input_path: source, output_path: path.join(dir, `small-${i}.pdf`), input: inputFor() }))
    ).finally(() => clearInterval(watch))
    expect(runs.map((r) => r.pages)).toEqual([20, 20, 20, 20, 20])
    expect(most).toBeLessThanOrEqual(2)
    expect(pool.load).toEqual({ running: 0, waiting: 0 })
  })

  it("reports an encrypted PDF and a damaged one as unstampable", async () => {
    const pool = new StampPool({ concurrency: 1, max_heap_mb: 128, timeout_seconds: 60 })
    const encrypted = path.join(dir, "encrypted.pdf")
    writeBigPdf(encrypted, { pages: 2, bytes: 64 * 1024, encrypted: true })
    await expect(pool.run({ input_path: encrypted, output_path: path.join(dir, "e.pdf"), input: inputFor() })).rejects.toMatchObject({
      name: "UnstampablePdfError",
      reason: "encrypted",
    })
    const damaged = path.join(dir, "damaged.pdf")
    fs.writeFileSync(damaged, Buffer.concat([Buffer.from("%PDF-1.7\n"), crypto.randomBytes(4096)]))
    const failure = await pool.run({ input_path: damaged, output_path: path.join(dir, "d.pdf"), input: inputFor() }).catch((e) => e)
    expect(failure).toBeInstanceOf(UnstampablePdfError)
    expect(failure.reason).toBe("damaged")
  })
})
