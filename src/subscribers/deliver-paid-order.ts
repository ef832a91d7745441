import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { deliverOrderWorkflow } from "../workflows/deliver-order"

/**
 * order.placed and order.updated carry the order id: run the delivery, which
 * checks the payment status and the store's trigger itself.
 */
export default async function deliverPaidOrder({ event, container }: SubscriberArgs<{ id: string }>) {
  await deliverOrderWorkflow(container).run({ input: { order_id: event.data.id } })
}

export const config: SubscriberConfig = {
  // order.canceled too: a canceled order leaves the "awaiting payment" list.
  event: ["order.placed", "order.updated", "order.canceled"],
  context: { subscriberId: "digital-delivery-deliver-paid-order" },
}
