import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import { NoopNotificationService } from "./service"

export default ModuleProvider(Modules.NOTIFICATION, { services: [NoopNotificationService] })
