import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { deliverOrderWorkflow } from "../workflows/deliver-order"
import { orderIdOfPayment } from "../workflows/utils/order-of-payment"

/** payment.captured carries the payment id: deliver the order it pays for. */
export default async function deliverCapturedPayment({ event, container }: SubscriberArgs<{ id: string }>) {
  const orderId = await orderIdOfPayment(container, event.data.id)
  if (orderId) {
    await deliverOrderWorkflow(container).run({ input: { order_id: orderId } })
  }
}

export const config: SubscriberConfig = {
  event: "payment.captured",
  context: { subscriberId: "digital-delivery-deliver-captured-payment" },
}
