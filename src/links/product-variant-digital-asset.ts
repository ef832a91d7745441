import { defineLink } from "@medusajs/framework/utils"
import ProductModule from "@medusajs/medusa/product"
import DigitalDeliveryModule from "../modules/digital-delivery"

/**
 * Files sold with a variant. A variant may carry several assets (PDF + EPUB) and
 * one asset may be sold by several variants (standard and deluxe editions).
 */
export default defineLink(
  { linkable: ProductModule.linkable.productVariant, isList: true },
  { linkable: DigitalDeliveryModule.linkable.digitalAsset, isList: true }
)
