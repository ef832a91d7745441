import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DIGITAL_DELIVERY_MODULE } from "../../../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../../../modules/digital-delivery/service"
import { toAdminDigitalOrder } from "../../../utils/admin-responses"
import type { AdminGetDigitalOrdersParamsType } from "./validators"

/**
 * Every order with digital goods, newest first: delivery state, downloads used
 * of the total, next expiry, grants by state. Filters: status (active, disabled,
 * expired, exhausted, revoked, awaiting_payment, suspicious), q (email, order
 * number or id), customer_id; `limit` and `cursor` (the previous page's
 * `next_cursor`) or `offset`. `count` is exact when `count_exact`; above 1,000
 * orders it is PostgreSQL's estimate (the module's utils/admin-list).
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { limit, offset, cursor, ...filters } = req.validatedQuery as AdminGetDigitalOrdersParamsType
  const service = req.scope.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const [orders, count, { count_exact, next_cursor }] = await service.listDigitalOrdersForAdmin(filters, { limit, offset, cursor })
  res.json({ digital_orders: orders.map(toAdminDigitalOrder), count, count_exact, next_cursor, limit, offset })
}
