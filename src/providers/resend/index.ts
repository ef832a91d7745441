import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import { ResendNotificationProviderService } from "./service"

export { ResendNotificationProviderService }
export type { ResendProviderOptions } from "./service"

export default ModuleProvider(Modules.NOTIFICATION, {
  services: [ResendNotificationProviderService],
})
