/**
 * The order fields that decide whether an order is owed its files: its state,
 * buyer, lines (quantity is filled from the item detail, which must be selected
 * for it to appear) and the payment collections getLastPaymentStatus reads.
 * The Store's order route reads exactly these; the delivery step
 * (prepare-order-delivery) extends them with what the email needs.
 */
export const ORDER_DELIVERY_BASE_FIELDS = [
  "id",
  "status",
  "email",
  "customer_id",
  "items.id",
  "items.variant_id",
  "items.quantity",
  "items.detail.quantity",
  "payment_collections.amount",
  "payment_collections.captured_amount",
  "payment_collections.refunded_amount",
  "payment_collections.status",
]

/** Whether the store's trigger lets this payment status through. */
export function triggerHolds(trigger: string, paymentStatus: string): boolean {
  if (trigger === "manual") return false
  if (trigger === "authorized") {
    return ["authorized", "captured", "partially_refunded"].includes(paymentStatus)
  }
  return ["captured", "partially_refunded"].includes(paymentStatus)
}
