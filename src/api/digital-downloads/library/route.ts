import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DIGITAL_DELIVERY_MODULE } from "../../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../../modules/digital-delivery/service"
import { orderProducts } from "../../utils/order-products"
import { licenseKeysSection } from "../../utils/license-keys-page"
import { escapeHtml, groupedFileList, pageFile, pageStore, pageStrings, sendPage } from "../../utils/pages"
import { releasesOf } from "../../utils/releases"
import { sessionCustomerId } from "../../utils/session"

/**
 * The customer's library: every file they bought, grouped by product, behind
 * the login. The emailed link of a registered customer points here and
 * carries no secret.
 */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const service = req.scope.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const settings = await service.getSettings()
  if (settings.storefront_url) return res.redirect(302, settings.storefront_url)
  const customerId = sessionCustomerId(req)
  if (!customerId) return res.redirect(302, "/digital-downloads/login?next=/digital-downloads/library")

  const [grants] = await service.listGrants({ customer_id: customerId }, { limit: 500, offset: 0, order: "files" })
  const [{ products }, store, releases] = await Promise.all([
    orderProducts(req.scope, grants.map((g) => g.order_id)),
    pageStore(req),
    releasesOf(service, grants.map((g) => g.asset_id)),
  ])
  const { locale, t } = pageStrings(req)
  const keys = await licenseKeysSection(req.scope, grants.map((g) => g.order_id), products, locale)
  const files = grants.map((g) =>
    pageFile(g, `/digital-downloads/library/download/${encodeURIComponent(g.id)}`, products.get(g.line_item_id), releases.get(g.asset_id))
  )
  sendPage(
    res,
    store,
    locale,
    t.yourFiles,
    `<h1>${escapeHtml(t.yourFiles)}</h1>
${groupedFileList(files, locale, t)}
${keys}<form class="inline" method="post" action="/digital-downloads/logout"><button class="secondary" type="submit">${escapeHtml(t.logOut)}</button></form>`,
    200,
    "same-origin"
  )
}
