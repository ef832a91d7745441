// The text a PDF page draws with the standard fonts (hex or literal strings
// shown with Tj), read from its content streams: enough to check what the
// stamping wrote (WinAnsi text, no font program needed) without a full text
// extractor. Used by the stamping tests and the demo's test.
//
// CommonJS, like store-fixture.js, so that Jest's TypeScript specs and the
// plain Node scripts load this same file; its types are in pdf-text.d.ts.
const { decodePDFRawStream, PDFArray, PDFDocument, PDFName, PDFRawStream, PDFRef } = require("pdf-lib")

/** One page's strings, one a line. */
function pageText(doc, page) {
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
async function pdfPagesText(bytes) {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false })
  return doc.getPages().map((page) => pageText(doc, page))
}

module.exports = { pageText, pdfPagesText }
