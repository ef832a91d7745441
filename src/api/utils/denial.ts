import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DENIAL_MESSAGES } from "../../i18n"
import { requestLocale, wantsJson } from "./negotiation"
import { denialPage } from "./pages"

/**
 * Why a download (or a hosted form) was refused, and its status; the buyer
 * sees the message (i18n/denials.ts), an API client the code. A new reason is
 * a line here and its title and message in each language in i18n/denials.ts.
 */
const DENIAL_STATUS = {
  not_found: 404,
  disabled: 403,
  expired: 410,
  revoked: 410,
  limit_reached: 410,
  range_not_satisfiable: 416,
  precondition_failed: 412,
  storage_unavailable: 503,
  too_many_requests: 429,
  cross_site_request: 403,
} as const

export type DenialCode = keyof typeof DENIAL_STATUS

/** Sends the refusal: JSON for API clients, a short page in the buyer's language otherwise. */
export function sendDenial(
  req: MedusaRequest,
  res: MedusaResponse,
  code: DenialCode,
  extraHeaders: Record<string, string> = {}
) {
  const locale = requestLocale(req)
  const { title, message } = DENIAL_MESSAGES[locale][code]
  res.status(DENIAL_STATUS[code])
  res.setHeader("Cache-Control", "private, no-store, no-transform")
  res.setHeader("X-Content-Type-Options", "nosniff")
  res.setHeader("Referrer-Policy", "no-referrer")
  // The reason also for a HEAD (no body): the typed client's checkDownloadLink reads it.
  res.setHeader("X-Denial-Code", code)
  for (const [name, value] of Object.entries(extraHeaders)) {
    res.setHeader(name, value)
  }
  if (wantsJson(req)) {
    res.json({ code, message })
    return
  }
  res.setHeader("Content-Type", "text/html; charset=utf-8")
  res.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
  res.send(req.method === "HEAD" ? undefined : denialPage(locale, title, message))
}
