import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { orderIdOfPayment } from "../workflows/utils/order-of-payment"
import { revokeRefundedOrderWorkflow } from "../workflows/revoke-refunded-order"

/** A canceled or fully refunded order loses its downloads (setting revoke_on_refund). */
export default async function revokeRefundedOrder({ event, container }: SubscriberArgs<{ id: string }>) {
  const orderId =
    event.name === "payment.refunded" ? await orderIdOfPayment(container, event.data.id) : event.data.id
  if (orderId) {
    await revokeRefundedOrderWorkflow(container).run({ input: { order_id: orderId } })
  }
}

export const config: SubscriberConfig = {
  event: ["payment.refunded", "order.canceled"],
  context: { subscriberId: "digital-delivery-revoke-refunded-order" },
}
