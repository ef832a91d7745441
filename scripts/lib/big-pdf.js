// A large test PDF written straight to disk, fast: a few big image streams
// (random grey pixels, stored uncompressed) shared by many pages, each page with
// a line of text, some pages turned (/Rotate 90, 180, 270) and some with their
// own page size and crop box. Used by the stamping tests and the bench
// (300 pages, ~100 MB in well under a second plus the disk).
//
// CommonJS, like store-fixture.js, so that Jest's TypeScript specs and the
// plain Node scripts load this same file; its types are in big-pdf.d.ts.
const crypto = require("crypto")
const fs = require("fs")

/** Writes the PDF; returns its size in bytes and its page count. */
// `encrypted`: the trailer names an /Encrypt dictionary (a PDF readers would
// decrypt): what stamping must refuse rather than break.
function writeBigPdf(file, { pages = 300, bytes = 100 * 1024 * 1024, images = 4, encrypted = false } = {}) {
  const fd = fs.openSync(file, "w")
  let offset = 0
  const offsets = []
  const write = (data) => {
    const buf = typeof data === "string" ? Buffer.from(data, "latin1") : data
    fs.writeSync(fd, buf)
    offset += buf.length
  }
  const object = (n, body, stream) => {
    offsets[n] = offset
    write(`${n} 0 obj\n${body}\n`)
    if (stream) {
      write("stream\n")
      write(stream)
      write("\nendstream\n")
    }
    write("endobj\n")
  }
  try {
    write("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    // 1 catalog, 2 pages, 3 font, 4.. images, then per page: page + content.
    const width = 4000
    const height = Math.max(1, Math.floor(bytes / images / width))
    const firstPage = 4 + images
    const kids = Array.from({ length: pages }, (_, i) => `${firstPage + 2 * i} 0 R`).join(" ")
    object(1, "<< /Type /Catalog /Pages 2 0 R >>")
    object(2, `<< /Type /Pages /Count ${pages} /Kids [${kids}] /MediaBox [0 0 612 792] >>`)
    object(3, "<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding /WinAnsiEncoding >>")
    for (let i = 0; i < images; i++) {
      const pixels = crypto.randomBytes(width * height)
      object(4 + i, `<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Length ${pixels.length} >>`, pixels)
    }
    for (let i = 0; i < pages; i++) {
      const n = firstPage + 2 * i
      // Every 4th page turned, every 5th in A4 with a crop box inset from its media box.
      const rotate = i % 4 === 3 ? ` /Rotate ${[90, 180, 270][Math.floor(i / 4) % 3]}` : ""
      const box = i % 5 === 4 ? " /MediaBox [0 0 595 842] /CropBox [20 30 575 812]" : ""
      object(n, `<< /Type /Page /Parent 2 0 R${box}${rotate} /Resources << /Font << /F1 3 0 R >> /XObject << /Im0 ${4 + (i % images)} 0 R >> >> /Contents ${n + 1} 0 R >>`)
      const content = `q 400 0 0 300 100 300 cm /Im0 Do Q BT /F1 14 Tf 72 700 Td (Page ${i + 1} of the big book) Tj ET`
      object(n + 1, `<< /Length ${content.length} >>`, Buffer.from(content, "latin1"))
    }
    let count = firstPage + 2 * pages
    let encrypt = ""
    if (encrypted) {
      object(count, "<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O <" + "00".repeat(32) + "> /U <" + "00".repeat(32) + "> >>")
      encrypt = ` /Encrypt ${count} 0 R /ID [<${"ab".repeat(16)}> <${"ab".repeat(16)}>]`
      count++
    }
    const xref = offset
    let table = `xref\n0 ${count}\n0000000000 65535 f \n`
    for (let n = 1; n < count; n++) table += `${String(offsets[n]).padStart(10, "0")} 00000 n \n`
    write(table)
    write(`trailer\n<< /Size ${count} /Root 1 0 R${encrypt} >>\nstartxref\n${xref}\n%%EOF\n`)
  } finally {
    fs.closeSync(fd)
  }
  return { size: offset, pages }
}

module.exports = { writeBigPdf }
