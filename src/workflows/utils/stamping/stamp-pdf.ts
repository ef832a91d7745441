/**
 * The stamping itself, run inside a worker thread (./pool.ts): the worker's
 * source is this function's own text (`stampPdfDocument.toString()`), so it
 * must stay self-contained: no imports, no outer names; pdf-lib comes in as
 * `lib`. The line is already in the standard font's character set
 * (./template.ts); the metadata carries the facts in full Unicode.
 */

export type StampFacts = { client_name: string; email: string; order_id: string; date: string }

export type StampInput = {
  /** the visible line, WinAnsi-safe */
  line: string
  /** the same facts for the document's metadata (any Unicode) */
  facts: StampFacts
  /** the whole line in Unicode, for the Subject */
  subject: string
  layout: StampLayout
}

export type StampLayout = {
  /** points; shrunk down to `min_font_size` when the line is wider than the page */
  font_size: number
  min_font_size: number
  /** the baseline's height above the page's visible foot (its crop box), in points */
  baseline: number
  /** the least room left and right of the line */
  side: number
}

/** 7 pt grey, its baseline 8 pt above the foot: inside any usual bottom margin, legible when printed. */
export const STAMP_LAYOUT: StampLayout = { font_size: 7, min_font_size: 4.5, baseline: 8, side: 18 }

/* eslint-disable @typescript-eslint/no-explicit-any -- pdf-lib is passed in (the worker requires it by path) */
export async function stampPdfDocument(lib: any, bytes: Uint8Array, input: StampInput): Promise<{ bytes: Uint8Array; pages: number }> {
  const { PDFDocument, StandardFonts, rgb, degrees, PDFName, PDFHexString } = lib
  const { font_size: FONT_SIZE, min_font_size: MIN_FONT_SIZE, baseline: BASELINE, side: SIDE } = input.layout
  // Encrypted PDFs are refused by load (EncryptedPDFError): stamping one would leave it unreadable.
  const doc = await PDFDocument.load(bytes, { updateMetadata: false })
  const font = await doc.embedFont(StandardFonts.Helvetica)
  const pages = doc.getPages()
  if (!pages.length) throw new Error("the PDF has no pages")
  for (const page of pages) {
    const box = page.getCropBox()
    const angle = ((page.getRotation().angle % 360) + 360) % 360
    // The width of the page as the reader sees it (a quarter turn swaps the sides).
    const visibleWidth = angle === 90 || angle === 270 ? box.height : box.width
    let size = FONT_SIZE
    let width = font.widthOfTextAtSize(input.line, size)
    const room = Math.max(visibleWidth - 2 * SIDE, 1)
    if (width > room) {
      size = Math.max(MIN_FONT_SIZE, (size * room) / width)
      width = font.widthOfTextAtSize(input.line, size)
    }
    // Centred on the visible foot, reading left to right whatever the page's /Rotate.
    const along = Math.max((visibleWidth - width) / 2, 0)
    let x: number
    let y: number
    if (angle === 90) {
      x = box.x + box.width - BASELINE
      y = box.y + along
    } else if (angle === 180) {
      x = box.x + box.width - along
      y = box.y + box.height - BASELINE
    } else if (angle === 270) {
      x = box.x + BASELINE
      y = box.y + box.height - along
    } else {
      x = box.x + along
      y = box.y + BASELINE
    }
    page.drawText(input.line, { x, y, size, font, color: rgb(0.42, 0.42, 0.42), rotate: degrees(angle) })
  }
  const { facts } = input
  doc.setSubject(input.subject)
  doc.setKeywords([`licensed-to: ${facts.client_name}`, `email: ${facts.email}`, `order: ${facts.order_id}`, `date: ${facts.date}`])
  doc.setModificationDate(new Date())
  const info = doc.getInfoDict()
  info.set(PDFName.of("LicensedTo"), PDFHexString.fromText(facts.client_name))
  info.set(PDFName.of("LicensedEmail"), PDFHexString.fromText(facts.email))
  info.set(PDFName.of("LicensedOrder"), PDFHexString.fromText(facts.order_id))
  info.set(PDFName.of("LicensedDate"), PDFHexString.fromText(facts.date))
  const out = await doc.save()
  return { bytes: out, pages: pages.length }
}
