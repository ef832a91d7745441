import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { counted } from "../../../../i18n"
import { DIGITAL_DELIVERY_MODULE } from "../../../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../../../modules/digital-delivery/service"
import { sendDenial } from "../../../utils/denial"
import { orderProducts } from "../../../utils/order-products"
import { escapeHtml, groupedFileList, pageFile, pageStore, pageStrings, sendPage } from "../../../utils/pages"
import { releasesOf } from "../../../utils/releases"
import { licenseKeysSection } from "../../../utils/license-keys-page"

/**
 * The guest order page: the store's name, every file of the order grouped by
 * product with its state, its link and its release (label, date, notes; the
 * earlier releases with their own links when the merchant keeps them), and a ZIP of all (saying first what it
 * costs: one download of each file).
 */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const service = req.scope.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const claims = await service.verifyOrderToken(req.params.token)
  if (!claims) return sendDenial(req, res, "not_found")
  const [grants] = await service.listGrants({ order_id: claims.id }, { limit: 500, offset: 0, order: "files" })
  if (!grants.length) return sendDenial(req, res, "not_found")

  const [{ displayIds, products }, store, releases] = await Promise.all([
    orderProducts(req.scope, [claims.id]),
    pageStore(req),
    releasesOf(service, grants.map((g) => g.asset_id)),
  ])
  const { locale, t } = pageStrings(req)
  const keys = await licenseKeysSection(req.scope, [claims.id], products, locale)
  const files = grants.map((g) => pageFile(g, service.grantDownloadUrl(g), products.get(g.line_item_id), releases.get(g.asset_id)))
  const zippable = grants.filter((g) => g.status === "active" && g.asset_kind === "file").length
  const displayId = displayIds.get(claims.id)
  const orderLabel = displayId != null ? `${t.order} #${displayId}` : t.order
  const zip =
    zippable > 1
      ? `<p class="links"><a class="button secondary" href="${escapeHtml(`${req.params.token}/zip`)}" rel="nofollow" data-zip>${escapeHtml(t.downloadAll)}</a>
<span class="muted" data-zip-note>${escapeHtml(counted(locale, "zipUses", zippable))}</span></p>`
      : ""
  sendPage(
    res,
    store,
    locale,
    t.yourFiles,
    `<h1>${escapeHtml(t.yourFiles)}</h1><p class="muted">${escapeHtml(orderLabel)}</p>
${groupedFileList(files, locale, t)}
${zip}${keys}`
  )
}
