import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { DIGITAL_DELIVERY_MODULE } from "../../../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../../../modules/digital-delivery/service"
import { sendDenial } from "../../../utils/denial"
import { escapeHtml, fileList, pageFile, pageStrings, sendPage } from "../../../utils/pages"

/** The guest order page: every file of the order with its state, its link, and a ZIP of all. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const service = req.scope.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const claims = await service.verifyOrderToken(req.params.token)
  if (!claims) return sendDenial(req, res, "not_found")
  const [grants] = await service.listGrants({ order_id: claims.id }, { limit: 500, offset: 0, order: "files" })
  if (!grants.length) return sendDenial(req, res, "not_found")

  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "order", fields: ["display_id"], filters: { id: claims.id } })
  const { locale, t } = pageStrings(req)
  const files = grants.map((g) => pageFile(g, service.grantDownloadUrl(g)))
  const zippable = grants.filter((g) => g.status === "active" && g.asset_kind === "file").length > 1
  const orderLabel = data[0]?.display_id != null ? `${t.order} #${data[0].display_id}` : t.order
  sendPage(
    res,
    locale,
    t.yourFiles,
    `<h1>${escapeHtml(t.yourFiles)}</h1><p class="muted">${escapeHtml(orderLabel)}</p>
${fileList(files, locale, t)}
${zippable ? `<p><a class="button secondary" href="${escapeHtml(`${req.params.token}/zip`)}" rel="nofollow">${escapeHtml(t.downloadAll)}</a></p>` : ""}`
  )
}
