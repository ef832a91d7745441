import { sanitizeFilename } from "../utils/filename"

/** Windows device names: reserved whatever the extension ("NUL.txt" is NUL). */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$|clock\$)$/i

/**
 * A customer-facing file name as an entry name of the order's ZIP: one plain
 * name that yazl accepts (no absolute path, no drive letter such as
 * `C:book.pdf`, no `..` segment, no separator) and that Windows can extract
 * (no `<>:"|?*`, no device name such as `CON` or `NUL.txt`, no trailing dot or
 * space). Starts from `sanitizeFilename` (control characters, 200 bytes).
 * Never empty; a safe name is returned unchanged.
 */
export function zipEntryName(input: string | null | undefined, fallback = "download"): string {
  let name = sanitizeFilename(input, fallback)
    .replace(/[\\/<>:"|?*]/g, "_")
    .replace(/[.\s]+$/, "")
  if (!name || name === "." || name === "..") name = fallback
  const dot = name.indexOf(".")
  const stem = dot === -1 ? name : name.slice(0, dot)
  if (WINDOWS_DEVICE.test(stem.trimEnd())) {
    name = `${stem}_${dot === -1 ? "" : name.slice(dot)}`
  }
  return name
}
