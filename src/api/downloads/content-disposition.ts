import contentDispositionHeader from "content-disposition"
import { sanitizeFilename } from "../utils/filename"

/**
 * `attachment` with the customer-facing name, after RFC 6266, written by
 * jshttp's `content-disposition`: an ASCII `filename` fallback for old clients
 * and an RFC 8187 (ex-5987) `filename*` with the exact UTF-8 name. Ours are the
 * two rules around it: the name is sanitized first (quotes, CR/LF, slashes and
 * `..` never reach the header), and the fallback keeps letters without their
 * accents ("é" → "e") where the package's own would put "?".
 */
export function contentDisposition(filename: string): string {
  const name = sanitizeFilename(filename)
  const fallback = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // strip accents: "é" -> "e"
    .replace(/[^\x20-\x7e]/g, "_")
    .replace(/["\\%]/g, "_")
  return contentDispositionHeader(name, { type: "attachment", fallback })
}
