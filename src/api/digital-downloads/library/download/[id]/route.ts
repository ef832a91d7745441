import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DIGITAL_DELIVERY_MODULE } from "../../../../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../../../../modules/digital-delivery/service"
import { releaseOf } from "../../../../downloads"
import { sendDenial } from "../../../../utils/denial"
import { releaseHref } from "../../../../utils/releases"
import { sessionCustomerId } from "../../../../utils/session"

/**
 * From the library: checks the session owns the grant, then hands a link
 * valid for minutes (to an earlier release with `?release=<version>`: the
 * download link checks it).
 */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const customerId = sessionCustomerId(req)
  if (!customerId) {
    return res.redirect(302, "/digital-downloads/login?next=/digital-downloads/library")
  }
  const service = req.scope.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const [grant] = await service.listDownloadGrants(
    { id: req.params.id, customer_id: customerId },
    { select: ["id", "token_version"], take: 1 }
  )
  if (!grant) return sendDenial(req, res, "not_found", {}, { library_url: "/digital-downloads/library" })
  const release = releaseOf(req)
  if (release === undefined) return sendDenial(req, res, "release_not_found", {}, { library_url: "/digital-downloads/library" })
  const url = service.shortLivedGrantUrl(grant).url
  res.setHeader("Cache-Control", "private, no-store")
  res.redirect(303, release == null ? url : releaseHref(url, release))
}
