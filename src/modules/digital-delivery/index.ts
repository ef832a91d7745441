import { Module } from "@medusajs/framework/utils"
import DigitalDeliveryModuleService from "./service"
import validateOptionsLoader from "./loaders/validate-options"

export const DIGITAL_DELIVERY_MODULE = "digital_delivery"

export default Module(DIGITAL_DELIVERY_MODULE, {
  service: DigitalDeliveryModuleService,
  loaders: [validateOptionsLoader],
})

export { DigitalDeliveryModuleService }
export * from "./types"
