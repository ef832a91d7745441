import { sanitizeFilename } from "./filename"

/**
 * `attachment` with the customer-facing name, after RFC 6266: an ASCII
 * `filename` fallback for old clients and an RFC 8187 (ex-5987) `filename*`
 * with the exact UTF-8 name. The name is sanitized first, so quotes, CR/LF,
 * slashes and `..` can never reach the header.
 */
export function contentDisposition(filename: string): string {
  const name = sanitizeFilename(filename)
  const ascii = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // strip accents: "é" -> "e"
    .replace(/[^\x20-\x7e]/g, "_")
    .replace(/["\\%]/g, "_")
  const header = `attachment; filename="${ascii}"`
  if (ascii === name) {
    return header
  }
  return `${header}; filename*=UTF-8''${encodeRfc8187(name)}`
}

function encodeRfc8187(value: string): string {
  // attr-char = ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase()
  )
}
