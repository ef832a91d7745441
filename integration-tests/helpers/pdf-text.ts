import { decodePDFRawStream, PDFArray, PDFDocument, PDFName, PDFRawStream, PDFRef, type PDFPage } from "pdf-lib"

/**
 * The text a page draws with the standard fonts (hex or literal strings shown
 * with Tj/TJ), read from its content streams: enough to check what the
 * stamping wrote (WinAnsi text, no font program needed), without a full
 * text extractor.
 */
export function pageText(doc: PDFDocument, page: PDFPage): string {
  const contents = page.node.get(PDFName.of("Contents"))
  const refs = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : []
  let text = ""
  for (const ref of refs) {
    const stream = ref instanceof PDFRef ? doc.context.lookup(ref) : ref
    if (!(stream instanceof PDFRawStream)) continue
    const ops = Buffer.from(decodePDFRawStream(stream).decode()).toString("latin1")
    for (const m of ops.matchAll(/<([0-9A-Fa-f\s]*)>\s*Tj|\(((?:\\.|[^\\)])*)\)\s*Tj/g)) {
      text += (m[1] !== undefined ? Buffer.from(m[1].replace(/\s+/g, ""), "hex").toString("latin1") : m[2].replace(/\\(.)/g, "$1")) + "\n"
    }
  }
  return text
}

/** Every page's text, in page order. */
export async function pdfPagesText(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false })
  return doc.getPages().map((page) => pageText(doc, page))
}
