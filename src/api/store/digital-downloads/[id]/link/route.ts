import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { DIGITAL_DELIVERY_MODULE } from "../../../../../modules/digital-delivery"
import { grantStatus } from "../../../../../modules/digital-delivery/utils/grant-rules"
import type DigitalDeliveryModuleService from "../../../../../modules/digital-delivery/service"
import { releaseHref, releasesOf } from "../../../../utils/releases"

/**
 * A download link for one of the customer's own files, valid for a few
 * minutes: the current release, or (`{ release: <version> }`) an earlier one
 * the merchant keeps downloadable, metered on the same grant.
 */
export async function POST(req: AuthenticatedMedusaRequest<{ release?: number }>, res: MedusaResponse) {
  const service = req.scope.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  // Ownership is part of the filter: another customer's grant is simply not found.
  const [grant] = await service.listDownloadGrants(
    { id: req.params.id, customer_id: req.auth_context.actor_id },
    { take: 1 }
  )
  if (!grant) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Digital download with id: ${req.params.id} was not found`)
  }
  const status = grantStatus(grant)
  if (status !== "active") {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `This download is ${status}: no link can be issued`)
  }
  const release = req.validatedBody?.release
  const link = service.shortLivedGrantUrl(grant)
  if (release == null) return res.json(link)
  const releases = (await releasesOf(service, [grant.asset_id])).get(grant.asset_id)
  const known = releases?.current?.version === release || !!releases?.earlier.some((r) => r.version === release)
  if (!known) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Release ${release} of this download was not found`)
  }
  res.json({ ...link, url: releases?.current?.version === release ? link.url : releaseHref(link.url, release) })
}
