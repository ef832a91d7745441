import type { MedusaRequest } from "@medusajs/framework/http"
import { pickLocale, type Locale } from "../../i18n"

/** The buyer's language for a hosted page or a refusal, from Accept-Language. */
export function requestLocale(req: MedusaRequest): Locale {
  return pickLocale(req.headers["accept-language"])
}

/** An API client that asked for JSON (and not for HTML): refusals answer it in JSON. */
export function wantsJson(req: MedusaRequest): boolean {
  const accept = req.headers.accept ?? ""
  return /\bapplication\/json\b/i.test(accept) && !/\btext\/html\b/i.test(accept)
}
