import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DIGITAL_DELIVERY_MODULE } from "../../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../../modules/digital-delivery/service"
import { toAdminGrant } from "../../utils/admin-responses"
import type { AdminGetDownloadGrantsParamsType } from "./validators"

/**
 * Lists grants: filter by order, customer, asset, email and status (active,
 * disabled, expired, exhausted, revoked), search with `q`, sort with `order`
 * (e.g. `-created_at`), paginate with `limit` and `cursor` (the previous page's
 * `next_cursor`) or `offset`. `count` is exact when `count_exact`; above 1,000
 * rows it is PostgreSQL's estimate (the module's utils/admin-list).
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { limit, offset, cursor, order, ...filters } = req.validatedQuery as AdminGetDownloadGrantsParamsType
  const service = req.scope.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const [rows, count, { count_exact, next_cursor }] = await service.listGrants(filters, { limit, offset, cursor, order })
  res.json({
    download_grants: rows.map((row) => toAdminGrant(service, row)),
    count,
    count_exact,
    next_cursor,
    offset,
    limit,
  })
}
