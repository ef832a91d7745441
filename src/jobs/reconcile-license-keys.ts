import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { reconcileLicenseKeysWorkflow } from "../workflows/license-keys"

/**
 * Every five minutes: issues license keys that were pending (a pool ran dry)
 * when their pool has keys again, and emails the buyers their late keys once.
 * A pool upload runs the same workflow at once; this catches the rest (an
 * email that failed, a refill by another instance's import).
 */
export default async function reconcileLicenseKeys(container: MedusaContainer) {
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  try {
    const { result } = await reconcileLicenseKeysWorkflow(container).run()
    if (result.filled || result.emailed_orders.length) {
      logger.info(`digital-delivery: ${result.filled} pending license key(s) issued, ${result.emailed_orders.length} buyer(s) emailed`)
    }
    return result
  } catch (err) {
    logger.error(`digital-delivery: license key reconciliation failed: ${(err as Error).message}`)
    return null
  }
}

export const config = {
  name: "digital-delivery-reconcile-license-keys",
  schedule: "*/5 * * * *",
}
