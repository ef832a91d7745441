import { defineLink } from "@medusajs/framework/utils"
import OrderModule from "@medusajs/medusa/order"
import DigitalDeliveryModule from "../modules/digital-delivery"

/** order.download_grants, the inverse of download-grant-order. */
export default defineLink(
  { linkable: OrderModule.linkable.order, field: "id" },
  { ...DigitalDeliveryModule.linkable.downloadGrant.id, primaryKey: "order_id" },
  { readOnly: true, isList: true }
)
