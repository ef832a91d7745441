import type { MedusaRequest } from "@medusajs/framework/http"
import type { DownloadAdmission, DownloadOutcome } from "../../modules/digital-delivery/types"
import type { DenialCode } from "../utils/denial"

/** Why the grant refuses any download now (the module's utils/grant-rules), or null when it is usable. */
export function refusalOf(admission: DownloadAdmission): { code: DenialCode; outcome: DownloadOutcome } | null {
  const status = admission.grant.status
  if (status === "active") return null
  if (status === "exhausted") return { code: "limit_reached", outcome: "limit_reached" }
  return { code: status, outcome: status }
}

/**
 * Whether the answer depends on the file's current version, so the grant and
 * file must be read before anything is reserved: preconditions (RFC 9110
 * §13.1) and If-Range on a Range request.
 */
export function isConditional(req: MedusaRequest, hasRange: boolean): boolean {
  const h = req.headers
  return !!(h["if-match"] || h["if-unmodified-since"] || (hasRange && h["if-range"]))
}

/** If-Match, else If-Unmodified-Since, fails for this version of the file (RFC 9110 §13.2.2 order). */
export function preconditionFails(req: MedusaRequest, etag: string, lastModified: Date | null): boolean {
  const ifMatch = req.headers["if-match"]
  if (ifMatch) {
    const tags = ifMatch.split(",").map((t) => t.trim())
    return !tags.includes("*") && !tags.includes(etag)
  }
  const ifUnmodifiedSince = req.headers["if-unmodified-since"]
  const since = ifUnmodifiedSince ? Date.parse(ifUnmodifiedSince) : NaN
  return !!lastModified && !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) > Math.floor(since / 1000)
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}
