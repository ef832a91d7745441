import type { AuthenticatedMedusaRequest } from "@medusajs/framework/http"
import type { INotificationModuleService } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { DIGITAL_DELIVERY_MODULE } from "../../../../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../../../../modules/digital-delivery/service"
import { DELIVERY_EMAIL_TEMPLATE } from "../../../../../workflows/utils/delivery-email"
import { toAdminDigitalOrder, toAdminGrant } from "../../../../utils/admin-responses"

/** The order's digital delivery as the Admin shows it: grants, emails, the order page link. */
export async function orderDelivery(req: AuthenticatedMedusaRequest, orderId: string) {
  const service = req.scope.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const notifications = req.scope.resolve<INotificationModuleService>(Modules.NOTIFICATION)
  const [rows] = await service.listGrants({ order_id: orderId }, { limit: 500, offset: 0, order: "files" })
  const emails = await notifications.listNotifications(
    { resource_id: orderId, resource_type: "order", template: DELIVERY_EMAIL_TEMPLATE },
    { select: ["id", "to", "status", "trigger_type", "created_at"], order: { created_at: "DESC" } }
  )
  const [[digitalOrder]] = await service.listDigitalOrdersForAdmin({ order_id: orderId }, { limit: 1, offset: 0 })
  return {
    // null when the order holds no digital goods (or was placed before the plugin).
    digital_order: digitalOrder ? toAdminDigitalOrder(digitalOrder) : null,
    download_grants: rows.map((r) => toAdminGrant(service, r)),
    emails,
    // The guest order page (every file and the ZIP), to copy for the buyer.
    order_page_url: rows.length ? service.orderPageUrl(orderId, digitalOrder?.link_version ?? 1) : null,
  }
}
