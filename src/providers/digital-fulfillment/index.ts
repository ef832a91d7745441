import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import { DigitalFulfillmentProviderService } from "./service"

export { DigitalFulfillmentProviderService }

/** The provider's id once registered with `id: "digital"` (Medusa prefixes the identifier). */
export const DIGITAL_FULFILLMENT_PROVIDER_ID = "digital_digital"

export default ModuleProvider(Modules.FULFILLMENT, {
  services: [DigitalFulfillmentProviderService],
})
