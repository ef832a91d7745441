import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"
import { sendDenial } from "./denial"

type Headers = Record<string, string | string[] | undefined>

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() || undefined
/** "host[:port]" in lower case, without the scheme's default port. */
const normalHost = (host: string) => host.toLowerCase().replace(/:(80|443)$/, "")

/**
 * CSRF defence of the hosted forms (login, logout): is this POST a browser
 * sending another site's form (or script) to us? No token: the server checks
 * what the browser itself says about where the request comes from, as Go's
 * `http.CrossOriginProtection` and OWASP's Fetch Metadata defence do.
 *
 * - `Sec-Fetch-Site` (every current browser, on https and localhost): only
 *   `same-origin` and `none` (typed URL, bookmark) pass. `same-site` is refused
 *   too: a sibling subdomain is exactly who could plant cookies for a
 *   double-submit token. The browser sets it even when the page's
 *   Referrer-Policy makes `Origin` "null", and pages cannot forge it.
 * - Without it (older browsers, plain http on a non-local address) the `Origin`
 *   header must name this server: the request's Host, the X-Forwarded-Host of
 *   the proxy Medusa trusts (one hop), or the plugin's `backend_url`. The
 *   hosted pages send `Referrer-Policy: same-origin` so such browsers send
 *   their real origin with our own forms. `Origin: null` is refused: an
 *   attacker's page gets it with `no-referrer` or a sandboxed iframe.
 * - Neither header: not a browser (curl, a server). A cross-site page cannot
 *   make a current browser send a POST without both, and a client outside the
 *   buyer's browser holds none of the buyer's cookies.
 *
 * Chosen over a double-submit cookie token because it needs no state before
 * login, no cookie, no change to the forms, works with several instances, and
 * does not lose to cookie tossing from a sibling subdomain; what it trusts is
 * exactly what a cross-site page cannot choose.
 */
export function isCrossSiteRequest(headers: Headers, backendUrl: string | undefined): boolean {
  const site = first(headers["sec-fetch-site"])?.toLowerCase()
  if (site) return site !== "same-origin" && site !== "none"
  const origin = first(headers.origin)
  if (!origin) return false
  let originHost: string
  try {
    const url = new URL(origin)
    if (url.protocol !== "http:" && url.protocol !== "https:") return true
    originHost = normalHost(url.host)
  } catch {
    return true // "null" and anything else that is not an origin
  }
  const own = [first(headers.host), ...(first(headers["x-forwarded-host"])?.split(",") ?? [])]
  if (backendUrl) {
    try {
      own.push(new URL(backendUrl).host)
    } catch {
      // backend_url is validated as a URL at boot; a bad one adds nothing here.
    }
  }
  return !own.some((host) => host && normalHost(host.trim()) === originHost)
}

/** Middleware: refuses a cross-site POST with 403 before the route runs (nothing changes). */
export function refuseCrossSite(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  if (["GET", "HEAD", "OPTIONS"].includes(req.method)) return next()
  const service = req.scope.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  if (isCrossSiteRequest(req.headers, service.getOptions().backend_url)) return void sendDenial(req, res, "cross_site_request", {}, { library_url: "/digital-downloads/library" })
  next()
}
