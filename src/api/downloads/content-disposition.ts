import contentDispositionHeader from "content-disposition"
import slugify from "slugify"
import { sanitizeFilename } from "../utils/filename"

/**
 * `attachment` (or `inline`, for previews) with the customer-facing name, after RFC 6266, written by
 * jshttp's `content-disposition`: an ASCII `filename` fallback for old clients
 * and an RFC 8187 (ex-5987) `filename*` with the exact UTF-8 name. Ours are the
 * two rules around it: the name is sanitized first (quotes, CR/LF, slashes and
 * `..` never reach the header), and the fallback keeps letters without their
 * accents ("é" → "e") where the package's own would put "?".
 */
export function contentDisposition(filename: string, asciiFallback?: string, type: "attachment" | "inline" = "attachment"): string {
  const name = sanitizeFilename(filename)
  const fallback = (asciiFallback ? sanitizeFilename(asciiFallback) : name)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // strip accents: "é" -> "e"
    .replace(/[^\x20-\x7e]/g, "_")
    .replace(/["\\%]/g, "_")
  return contentDispositionHeader(name, { type, fallback })
}

const MAX_SLUG = 60

/** Lower-case words joined by "-", letters of any script kept ("książki-co"). */
function unicodeSlug(text: string): string {
  const slug = text.normalize("NFC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "")
  return Array.from(slug).slice(0, MAX_SLUG).join("").replace(/-+$/, "")
}

/** The same in ASCII ("ksiazki-co"; "ł" → "l", "ß" → "ss"), by the slugify package; "" for a name of no Latin letters. */
function asciiSlug(text: string): string {
  // Signs are dropped, not spelled out in English ("&" → "and", "<" → "less").
  return slugify(text.replace(/[^\p{L}\p{N}\s]+/gu, " "), { lower: true, strict: true, trim: true }).slice(0, MAX_SLUG).replace(/-+$/, "")
}

/**
 * "Download all"'s file name: `<store-name-slug>-order-<order number>.zip`
 * (the order id when the order has no number), the exact UTF-8 slug in
 * `filename*` and an ASCII one in `filename`.
 */
export function zipFilename(storeName: string, displayId: number | null | undefined, orderId: string): { name: string; ascii: string } {
  const suffix = `order-${displayId ?? orderId}.zip`
  const join = (slug: string) => (slug ? `${slug}-${suffix}` : suffix)
  return { name: join(unicodeSlug(storeName)), ascii: join(asciiSlug(storeName)) }
}
