// Demo files generated at seed time: a real multi-page PDF and WAV audio.
import crypto from "node:crypto"
import fs from "node:fs"

/** A valid PDF with one page per chapter (Helvetica text, no external resources). */
export function writePdf(file, { title, chapters }) {
  const objects = []
  const add = (body) => {
    objects.push(body)
    return objects.length
  }
  const catalog = add(null)
  const pages = add(null)
  const font = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
  const esc = (s) => s.replace(/[\\()]/g, (c) => "\\" + c)
  const kids = []
  chapters.forEach((chapter, i) => {
    const lines = [`BT /F1 26 Tf 72 760 Td (${esc(chapter.heading)}) Tj ET`]
    chapter.paragraphs.forEach((p, j) => lines.push(`BT /F1 12 Tf 72 ${710 - j * 22} Td (${esc(p)}) Tj ET`))
    lines.push(`BT /F1 10 Tf 72 40 Td (${esc(`${title} - page ${i + 1} of ${chapters.length}`)}) Tj ET`)
    const stream = lines.join("\n")
    const content = add(`<< /Length ${Buffer.byteLength(stream)} >>\nstream\n${stream}\nendstream`)
    kids.push(
      add(`<< /Type /Page /Parent ${pages} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`)
    )
  })
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pages} 0 R >>`
  objects[pages - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(" ")}] /Count ${kids.length} >>`
  let out = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
  const offsets = []
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, "latin1"))
    out += `${i + 1} 0 obj\n${body}\nendobj\n`
  })
  const xref = Buffer.byteLength(out, "latin1")
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  out += offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info << /Title (${esc(title)}) >> >>\nstartxref\n${xref}\n%%EOF\n`
  fs.writeFileSync(file, Buffer.from(out, "latin1"))
}

/**
 * A 16-bit stereo 44.1 kHz WAV of about `bytes` bytes: a slow chord, so it is
 * real, playable audio. Written in 1 MiB chunks; returns the sha256.
 */
export async function writeWav(file, { bytes, frequencies = [220, 277.18, 329.63] }) {
  const rate = 44100
  const frameBytes = 4
  const frames = Math.floor((bytes - 44) / frameBytes)
  const dataBytes = frames * frameBytes
  const header = Buffer.alloc(44)
  header.write("RIFF", 0)
  header.writeUInt32LE(36 + dataBytes, 4)
  header.write("WAVE", 8)
  header.write("fmt ", 12)
  header.writeUInt32LE(16, 16)
  header.writeUInt16LE(1, 20)
  header.writeUInt16LE(2, 22)
  header.writeUInt32LE(rate, 24)
  header.writeUInt32LE(rate * frameBytes, 28)
  header.writeUInt16LE(frameBytes, 32)
  header.writeUInt16LE(16, 34)
  header.write("data", 36)
  header.writeUInt32LE(dataBytes, 40)
  const hash = crypto.createHash("sha256")
  const out = fs.createWriteStream(file)
  const write = (buf) =>
    new Promise((resolve, reject) => {
      hash.update(buf)
      out.write(buf, (err) => (err ? reject(err) : resolve()))
    })
  await write(header)
  // One second of audio repeats (the chord is periodic enough for a demo), so it is computed once.
  const second = Buffer.alloc(rate * frameBytes)
  for (let i = 0; i < rate; i++) {
    const t = i / rate
    const v = frequencies.reduce((s, f) => s + Math.sin(2 * Math.PI * f * t), 0) / frequencies.length
    const sample = Math.round(v * 0.3 * 32767)
    second.writeInt16LE(sample, i * 4)
    second.writeInt16LE(sample, i * 4 + 2)
  }
  let left = dataBytes
  while (left > 0) {
    const chunk = left >= second.length ? second : second.subarray(0, left)
    await write(chunk)
    left -= chunk.length
  }
  await new Promise((resolve, reject) => out.end((err) => (err ? reject(err) : resolve())))
  return hash.digest("hex")
}
