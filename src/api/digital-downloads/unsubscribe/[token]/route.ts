import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DIGITAL_DELIVERY_MODULE } from "../../../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../../../modules/digital-delivery/service"
import { UPDATE_WORDS } from "../../../../i18n"
import { unsubscribeEmailWorkflow } from "../../../../workflows/unsubscribe-email"
import { isCrossSiteRequest } from "../../../utils/cross-site"
import { sendDenial } from "../../../utils/denial"
import { escapeHtml, pageStore, pageStrings, sendPage } from "../../../utils/pages"

/**
 * An update email's unsubscribe link (no login: the signed token names the
 * recipient row).
 *
 * - `GET` shows a page with a confirm button and changes nothing: link
 *   scanners and previews open links.
 * - `POST` with the body `List-Unsubscribe=One-Click` (RFC 8058, sent by the
 *   mailbox provider, from its own servers, when the buyer clicks its
 *   "Unsubscribe") unsubscribes at once. It is exempt from the cross-site
 *   check by design: the provider's request carries no Origin or cookie, and
 *   the token in the URL is the whole authority — there is no session a
 *   forged request could borrow.
 * - `POST` from the page's button (`confirm=1`) passes the cross-site check
 *   of every hosted form (api/utils/cross-site.ts) first.
 */
async function recipientOf(req: MedusaRequest) {
  const service = req.scope.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const id = service.verifyUnsubscribeToken(req.params.token)
  if (!id) return null
  const [row] = await service.listUpdateCampaignRecipients({ id }, { select: ["id", "email"] })
  return row ?? null
}

function words(req: MedusaRequest) {
  const { locale } = pageStrings(req)
  return { locale, w: UPDATE_WORDS[locale].page }
}

const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m)

async function invalid(req: MedusaRequest, res: MedusaResponse) {
  const { locale, w } = words(req)
  sendPage(res, await pageStore(req), locale, w.title, `<h1>${escapeHtml(w.title)}</h1><p>${escapeHtml(w.invalid)}</p>`, 404)
}

async function done(req: MedusaRequest, res: MedusaResponse, email: string) {
  const { locale, w } = words(req)
  const store = await pageStore(req)
  sendPage(
    res,
    store,
    locale,
    w.title,
    `<h1 data-unsubscribed>${escapeHtml(w.done)}</h1><p>${escapeHtml(fill(w.doneDetail, { email, store: store.name }))}</p>`
  )
}

export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const row = await recipientOf(req)
  if (!row) return invalid(req, res)
  const { locale, w } = words(req)
  const store = await pageStore(req)
  sendPage(
    res,
    store,
    locale,
    w.title,
    `<h1>${escapeHtml(w.title)}</h1>
<p>${escapeHtml(fill(w.question, { email: row.email, store: store.name }))}</p>
<form method="post" action="/digital-downloads/unsubscribe/${encodeURIComponent(req.params.token)}">
<input type="hidden" name="confirm" value="1">
<p><button type="submit">${escapeHtml(w.confirm)}</button></p>
</form>`,
    200,
    // Our own form must carry its real Origin to pass the cross-site check.
    "same-origin"
  )
}

/** RFC 8058's body, or a multipart one (the RFC allows it; Medusa does not parse it, and only a mailbox provider sends it). */
function isOneClick(req: MedusaRequest): boolean {
  const body = (req.body ?? {}) as Record<string, unknown>
  if (body["List-Unsubscribe"] === "One-Click") return true
  return /^multipart\/form-data/i.test(String(req.headers["content-type"] ?? "")) && body.confirm === undefined
}

export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const oneClick = isOneClick(req)
  if (!oneClick) {
    const service = req.scope.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    if (isCrossSiteRequest(req.headers, service.getOptions().backend_url)) return void sendDenial(req, res, "cross_site_request")
  }
  const row = await recipientOf(req)
  if (!row) return invalid(req, res)
  await unsubscribeEmailWorkflow(req.scope).run({
    input: { email: row.email, source: oneClick ? "one_click" : "page", recipient_id: row.id },
  })
  if (oneClick) {
    res.status(200).json({ unsubscribed: true })
    return
  }
  await done(req, res, row.email)
}
