/** Whether the store's trigger lets this payment status through. */
export function triggerHolds(trigger: string, paymentStatus: string): boolean {
  if (trigger === "manual") return false
  if (trigger === "authorized") {
    return ["authorized", "captured", "partially_refunded"].includes(paymentStatus)
  }
  return ["captured", "partially_refunded"].includes(paymentStatus)
}
