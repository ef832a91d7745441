import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DIGITAL_DELIVERY_MODULE } from "../../../modules/digital-delivery"
import { downloadsLeft, shownUsage } from "../../../modules/digital-delivery/utils/grant-rules"
import type DigitalDeliveryModuleService from "../../../modules/digital-delivery/service"
import { releasesOf } from "../../utils/releases"
import { storeRelease } from "./helpers"

/**
 * The logged-in customer's downloads, newest order first and each order's files in the order of its lines and by name (natural order): file, state, usage
 * (`downloads_used`, copies to 2 decimals), whole downloads left, expiry, the release served (and the earlier ones
 * the merchant keeps). No links here: ask for a short-lived one per file (and release).
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const service = req.scope.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const limit = Math.min(Math.max(Number(req.query.limit) || 50, 1), 200)
  const offset = Math.max(Number(req.query.offset) || 0, 0)
  const [rows, count] = await service.listGrants(
    { customer_id: req.auth_context.actor_id },
    { limit, offset, order: "files" }
  )
  const releases = await releasesOf(service, rows.map((g) => g.asset_id))
  res.json({
    digital_downloads: rows.map((g) => ({
      id: g.id,
      order_id: g.order_id,
      status: g.status,
      downloads_used: shownUsage(g.downloads_used),
      max_downloads: g.max_downloads,
      remaining_downloads: downloadsLeft(g),
      expires_at: g.expires_at,
      delivered_at: g.delivered_at,
      last_download_at: g.last_download_at,
      file: {
        title: g.asset_title,
        filename: g.asset_filename,
        kind: g.asset_kind,
        size: g.asset_size == null ? null : Number(g.asset_size),
      },
      release: releases.get(g.asset_id)?.current ? storeRelease(releases.get(g.asset_id)!.current!) : null,
      earlier_releases: (releases.get(g.asset_id)?.earlier ?? []).map(storeRelease),
    })),
    count,
    offset,
    limit,
  })
}
