import path from "path"

const MAX_FILENAME_BYTES = 200

/**
 * Makes a customer-facing file name safe to store and to send: no control
 * characters (CR/LF/NUL), no path separators or `..`, no leading dots, at most
 * 200 UTF-8 bytes with the extension kept. Never returns an empty name.
 */
export function sanitizeFilename(input: string | null | undefined, fallback = "download"): string {
  let name = String(input ?? "")
    .normalize("NFC")
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, "")
    .replace(/[\\/]/g, "_")
    .replace(/\.{2,}/g, ".")
    .replace(/[\u202a-\u202e\u2066-\u2069]/g, "") // bidi overrides that disguise extensions
    .trim()
    .replace(/^[.\s]+/, "")
    .replace(/[.\s]+$/, "")
  if (!name) {
    name = fallback
  }
  if (Buffer.byteLength(name) > MAX_FILENAME_BYTES) {
    // Cut by code points, never inside a surrogate pair (an emoji extension).
    const fullExt = path.extname(name)
    const ext = Array.from(fullExt).slice(0, 16).join("")
    let base = name.slice(0, name.length - fullExt.length)
    while (Buffer.byteLength(base + ext) > MAX_FILENAME_BYTES) {
      base = Array.from(base).slice(0, -1).join("")
    }
    // The cut may leave a dot or a space before the extension ("name..pdf").
    base = base.replace(/[.\s]+$/, "")
    name = (base || fallback) + ext
  }
  return name
}
