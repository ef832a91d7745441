import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { deliverOrderWorkflow } from "../workflows/deliver-order"
import { findUndeliveredOrders } from "../workflows/utils/find-undelivered-orders"

/** How far back the job looks for paid orders that are still owed their downloads. */
const LOOKBACK_DAYS = 7

/**
 * Every five minutes: delivers paid orders whose grants or email are missing
 * (auto-capture at checkout emits no payment.captured; an email provider may
 * have been down). deliver-order is idempotent, so a run never duplicates.
 */
export default async function reconcileDigitalDeliveries(container: MedusaContainer) {
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const since = new Date(Date.now() - LOOKBACK_DAYS * 86_400_000)
  const orderIds = await findUndeliveredOrders(container, { since })
  for (const orderId of orderIds) {
    try {
      await deliverOrderWorkflow(container).run({ input: { order_id: orderId, source: "reconcile" } })
    } catch (err) {
      logger.error(`digital-delivery: reconciliation of order ${orderId} failed: ${(err as Error).message}`)
    }
  }
  if (orderIds.length) {
    logger.info(`digital-delivery: reconciliation delivered ${orderIds.length} order(s)`)
  }
  return orderIds
}

export const config = {
  name: "digital-delivery-reconcile",
  schedule: "*/5 * * * *",
}
