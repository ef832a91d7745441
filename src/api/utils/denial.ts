import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { denialWords } from "../../i18n"
import { loadStoreIdentity } from "../../workflows/utils/store-identity"
import { requestLocale, wantsJson } from "./negotiation"
import { denialPage, type DenialLinks } from "./pages"

/**
 * Why a download (or a hosted form) was refused, and its status; the buyer
 * sees the message (i18n/denials.ts), an API client the code. A new reason is
 * a line here and its title and message in each language in i18n/denials.ts.
 */
const DENIAL_STATUS = {
  not_found: 404,
  release_not_found: 404,
  disabled: 403,
  expired: 410,
  revoked: 410,
  limit_reached: 410,
  range_not_satisfiable: 416,
  precondition_failed: 412,
  storage_unavailable: 503,
  // A stamped PDF that cannot be stamped, and the store refuses to send it as it is.
  unstampable: 409,
  too_many_requests: 429,
  cross_site_request: 403,
} as const

export type DenialCode = keyof typeof DENIAL_STATUS
export type { DenialLinks }

/**
 * Sends the refusal: JSON for API clients (`{ code, message }`), otherwise a
 * short page in the buyer's language that names the store, says what happened
 * and what to do, and links where the buyer can go on (`links`: their order
 * page or library, given only by routes that know the buyer may see it) and
 * the store's support contact. The status and the headers are set before
 * anything is awaited.
 */
export async function sendDenial(
  req: MedusaRequest,
  res: MedusaResponse,
  code: DenialCode,
  extraHeaders: Record<string, string> = {},
  links?: DenialLinks | Promise<DenialLinks>
): Promise<void> {
  // A link that cannot be found is left out (and never an unhandled rejection).
  const where = Promise.resolve(links).catch(() => undefined)
  const locale = requestLocale(req)
  res.status(DENIAL_STATUS[code])
  res.setHeader("Cache-Control", "private, no-store, no-transform")
  res.setHeader("X-Content-Type-Options", "nosniff")
  res.setHeader("Referrer-Policy", "no-referrer")
  // The reason also for a HEAD (no body): the typed client's checkDownloadLink reads it.
  res.setHeader("X-Denial-Code", code)
  for (const [name, value] of Object.entries(extraHeaders)) {
    res.setHeader(name, value)
  }
  const json = wantsJson(req)
  if (json) {
    res.setHeader("Content-Type", "application/json; charset=utf-8")
  } else {
    res.setHeader("Content-Type", "text/html; charset=utf-8")
    res.setHeader("Content-Security-Policy", "default-src 'none'; img-src https:; style-src 'unsafe-inline'")
  }
  if (req.method === "HEAD") {
    res.end()
    return
  }
  const [store, back] = await Promise.all([loadStoreIdentity(req.scope), where])
  if (res.headersSent || res.destroyed) return
  const words = denialWords(locale, code, store.name)
  if (json) {
    res.json({ code, message: `${words.message} ${words.action}` })
    return
  }
  res.send(denialPage(locale, words, store, back ?? {}))
}
