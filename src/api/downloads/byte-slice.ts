import { Transform, type TransformCallback } from "stream"

/**
 * Passes through bytes [start, end] (inclusive) of what flows in and counts
 * what it let through. Used when the storage can only stream a whole file.
 */
export class ByteSlice extends Transform {
  private position = 0
  private done = false
  bytes = 0

  constructor(private readonly first: number, private readonly last: number) {
    super()
  }

  _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback) {
    const chunkStart = this.position
    const chunkEnd = this.position + chunk.length // exclusive
    this.position = chunkEnd
    if (this.done || chunkEnd <= this.first) {
      return callback()
    }
    const from = Math.max(this.first - chunkStart, 0)
    const to = Math.min(this.last + 1 - chunkStart, chunk.length)
    const piece = from === 0 && to === chunk.length ? chunk : chunk.subarray(from, to)
    this.bytes += piece.length
    this.push(piece)
    if (chunkEnd > this.last) {
      this.done = true
      this.push(null)
    }
    callback()
  }
}
