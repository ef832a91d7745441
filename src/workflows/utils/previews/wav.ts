import { cannotCut } from "./preview-error"

/**
 * The first seconds of a WAV file, as a WAV file: the source's `fmt ` chunk
 * copied as it is, a `fact` chunk when the format is not plain PCM (the RIFF
 * rules ask for one), and the first N seconds of `data`, cut on a sample frame.
 * The sizes (RIFF, data, fact's frame count) are those of the new file.
 *
 * Read as a stream: only the header and the seconds kept are held, however
 * long the source. Accepted: PCM (1), IEEE float (3), and
 * WAVE_FORMAT_EXTENSIBLE (0xFFFE) whose sub-format is one of them; anything
 * else (compressed WAV, RF64, not a WAV at all) is refused with a 400.
 */

const PCM = 1
const IEEE_FLOAT = 3
const EXTENSIBLE = 0xfffe
/** A header (chunks before `data`) longer than this is not a WAV we cut. */
const MAX_HEADER = 16 * 1024 * 1024

export type WavFormat = {
  /** 1 PCM, 3 float (an extensible file's sub-format) */
  format: number
  channels: number
  sampleRate: number
  byteRate: number
  blockAlign: number
  bitsPerSample: number
  /** the whole `fmt ` chunk body, copied into the preview */
  fmt: Buffer
}

export type WavHeader = WavFormat & { dataOffset: number; dataSize: number }

/**
 * Reads the chunks up to `data` from the start of a file. Returns null while
 * `head` is too short to tell (read more); throws when the file is no WAV we cut.
 */
export function parseWavHeader(head: Buffer, fileSize: number, field = "asset"): WavHeader | null {
  if (head.length < 12) {
    if (head.length >= fileSize) throw cannotCut(field, "the file is not a WAV file (no RIFF/WAVE header)")
    return null
  }
  const riff = head.toString("latin1", 0, 4)
  if (riff === "RF64") throw cannotCut(field, "RF64 (WAV over 4 GB) is not supported; upload a preview instead")
  if (riff !== "RIFF" || head.toString("latin1", 8, 12) !== "WAVE") {
    throw cannotCut(field, "the file is not a WAV file (no RIFF/WAVE header); upload a preview instead")
  }
  let format: WavFormat | null = null
  let offset = 12
  for (;;) {
    if (offset + 8 > head.length) {
      if (offset + 8 > fileSize) throw cannotCut(field, "the WAV file has no data chunk")
      if (offset > MAX_HEADER) throw cannotCut(field, "the WAV file's header is too long")
      return null
    }
    const id = head.toString("latin1", offset, offset + 4)
    const size = head.readUInt32LE(offset + 4)
    const body = offset + 8
    if (id === "data") {
      if (!format) throw cannotCut(field, "the WAV file has no fmt chunk before its data")
      // Streamed recordings leave 0 or 0xFFFFFFFF here: the data runs to the end of the file.
      const available = Math.max(fileSize - body, 0)
      const dataSize = size === 0 || size > available ? available : size
      return { ...format, dataOffset: body, dataSize }
    }
    if (id === "fmt ") {
      if (body + size > head.length) return null
      format = readFormat(head.subarray(body, body + size), field)
    }
    offset = body + size + (size % 2) // chunks are padded to an even length
  }
}

function readFormat(fmt: Buffer, field: string): WavFormat {
  if (fmt.length < 16) throw cannotCut(field, "the WAV file's fmt chunk is too short")
  let format = fmt.readUInt16LE(0)
  if (format === EXTENSIBLE) {
    // WAVEFORMATEXTENSIBLE: cbSize (2) = 22, valid bits (2), channel mask (4), sub-format GUID (16) whose first 2 bytes are the format.
    if (fmt.length < 40) throw cannotCut(field, "the WAV file's extensible fmt chunk is too short")
    format = fmt.readUInt16LE(24)
  }
  if (format !== PCM && format !== IEEE_FLOAT) {
    throw cannotCut(field, `WAV format 0x${format.toString(16)} is compressed; only PCM and float WAV files can be cut (upload a preview instead)`)
  }
  const wav = {
    format,
    channels: fmt.readUInt16LE(2),
    sampleRate: fmt.readUInt32LE(4),
    byteRate: fmt.readUInt32LE(8),
    blockAlign: fmt.readUInt16LE(12),
    bitsPerSample: fmt.readUInt16LE(14),
    fmt: Buffer.from(fmt),
  }
  if (!wav.channels || !wav.sampleRate || !wav.blockAlign || wav.byteRate !== wav.sampleRate * wav.blockAlign) {
    throw cannotCut(field, "the WAV file's fmt chunk is inconsistent")
  }
  return wav
}

/** Bytes of data for `seconds` of this format, a whole number of sample frames, at most `dataSize`. */
export function dataBytesFor(header: WavHeader, seconds: number): number {
  const frames = Math.floor((header.dataSize / header.blockAlign))
  return Math.min(frames, Math.round(seconds * header.sampleRate)) * header.blockAlign
}

/** A WAV file of `format` holding `data` (whole sample frames). */
export function buildWav(format: WavFormat, data: Buffer): Buffer {
  const fmtChunk = chunk("fmt ", format.fmt)
  const fact = format.fmt.readUInt16LE(0) === PCM ? Buffer.alloc(0) : chunk("fact", uint32(Math.floor(data.length / format.blockAlign)))
  const dataChunk = chunk("data", data)
  const riffSize = 4 + fmtChunk.length + fact.length + dataChunk.length
  return Buffer.concat([Buffer.from("RIFF", "latin1"), uint32(riffSize), Buffer.from("WAVE", "latin1"), fmtChunk, fact, dataChunk])
}

function chunk(id: string, body: Buffer): Buffer {
  const pad = body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)
  return Buffer.concat([Buffer.from(id, "latin1"), uint32(body.length), body, pad])
}

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4)
  b.writeUInt32LE(n)
  return b
}

/**
 * The first `seconds` of a WAV file read from `source` (its bytes from the
 * start). Stops reading once it has them; the caller closes the stream.
 */
export async function cutWav(
  source: AsyncIterable<Buffer | Uint8Array>,
  fileSize: number,
  seconds: number,
  options: { maxBytes: number; field?: string }
): Promise<{ bytes: Buffer; seconds: number; header: WavHeader }> {
  const field = options.field ?? "asset"
  const parts: Buffer[] = []
  let length = 0
  let header: WavHeader | null = null
  let wanted = 0
  for await (const piece of source) {
    const chunkBuf = Buffer.isBuffer(piece) ? piece : Buffer.from(piece)
    parts.push(chunkBuf)
    length += chunkBuf.length
    if (!header) {
      const head = parts.length > 1 ? Buffer.concat(parts) : chunkBuf
      parts.length = 0
      parts.push(head)
      header = parseWavHeader(head, fileSize, field)
      if (header) {
        wanted = header.dataOffset + dataBytesFor(header, seconds)
        if (wanted - header.dataOffset > options.maxBytes) {
          throw cannotCut("seconds", `${seconds} s of this WAV file are over the ${options.maxBytes} bytes a preview may have; ask for fewer seconds`)
        }
      }
    }
    if (header && length >= wanted) break
  }
  const all = Buffer.concat(parts)
  if (!header) header = parseWavHeader(all, all.length, field)
  if (!header) throw cannotCut(field, "the WAV file ends before its data")
  const end = Math.min(header.dataOffset + dataBytesFor(header, seconds), all.length)
  const data = all.subarray(header.dataOffset, header.dataOffset + Math.floor((end - header.dataOffset) / header.blockAlign) * header.blockAlign)
  if (!data.length) throw cannotCut(field, "the WAV file holds no audio")
  return { bytes: buildWav(header, data), seconds: data.length / header.byteRate, header }
}
