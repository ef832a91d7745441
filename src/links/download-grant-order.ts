import { defineLink } from "@medusajs/framework/utils"
import OrderModule from "@medusajs/medusa/order"
import DigitalDeliveryModule from "../modules/digital-delivery"

/** grant.order, read from download_grant.order_id: no link table to keep in sync. */
export default defineLink(
  { linkable: DigitalDeliveryModule.linkable.downloadGrant, field: "order_id" },
  OrderModule.linkable.order,
  { readOnly: true }
)
