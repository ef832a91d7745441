import { defineLink } from "@medusajs/framework/utils"
import CustomerModule from "@medusajs/medusa/customer"
import DigitalDeliveryModule from "../modules/digital-delivery"

/** customer.download_grants: a customer's digital library. */
export default defineLink(
  { linkable: CustomerModule.linkable.customer, field: "id" },
  { ...DigitalDeliveryModule.linkable.downloadGrant.id, primaryKey: "customer_id" },
  { readOnly: true, isList: true }
)
