import { defineLink } from "@medusajs/framework/utils"
import CustomerModule from "@medusajs/medusa/customer"
import DigitalDeliveryModule from "../modules/digital-delivery"

/** grant.customer, read from download_grant.customer_id (null for guests). */
export default defineLink(
  { linkable: DigitalDeliveryModule.linkable.downloadGrant, field: "customer_id" },
  CustomerModule.linkable.customer,
  { readOnly: true }
)
