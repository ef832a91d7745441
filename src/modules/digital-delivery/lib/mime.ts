// mime-types ships no typings; the one function used is typed here.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- an import would need a declaration file
const mimeTypes: { lookup(name: string): string | false } = require("mime-types")

/** The Content-Type for a file name, falling back to the uploader's claim, then octet-stream. */
export function mimeTypeFor(filename: string, claimed?: string | null): string {
  const byName = mimeTypes.lookup(filename)
  if (byName) {
    return byName
  }
  if (claimed && /^[\w.+-]+\/[\w.+-]+$/.test(claimed) && claimed !== "application/octet-stream") {
    return claimed
  }
  return "application/octet-stream"
}
