export const formatMoney = (amount: number | null | undefined, currency: string | undefined) =>
  amount == null || !currency ? "" : new Intl.NumberFormat("en-GB", { style: "currency", currency }).format(amount)
