import type { QueryClient } from "@tanstack/react-query"

export type OrderListParams = {
  status?: string
  q?: string
  customer_id?: string
  limit: number
  offset?: number
  /** the previous page's next_cursor */
  cursor?: string
}

/** Query keys: everything of the plugin lives under "digital-delivery". */
export const ddKeys = {
  all: ["digital-delivery"] as const,
  variant: (id: string) => ["digital-delivery", "variant", id] as const,
  products: () => ["digital-delivery", "product"] as const,
  product: (id: string) => ["digital-delivery", "product", id] as const,
  orderDeliveries: () => ["digital-delivery", "order"] as const,
  orderDelivery: (id: string) => ["digital-delivery", "order", id] as const,
  grants: () => ["digital-delivery", "grant"] as const,
  grant: (id: string) => ["digital-delivery", "grant", id] as const,
  grantHistory: (id: string) => ["digital-delivery", "grant", id, "history"] as const,
  customerGrants: (id?: string) => ["digital-delivery", "customer-grants", ...(id ? [id] : [])] as const,
  orderLists: () => ["digital-delivery", "orders"] as const,
  orderList: (params: OrderListParams) => ["digital-delivery", "orders", params] as const,
  settings: () => ["digital-delivery", "settings"] as const,
  campaigns: (assetId?: string) => ["digital-delivery", "campaigns", ...(assetId ? [assetId] : [])] as const,
  campaignRecipients: (id: string, status: string) => ["digital-delivery", "campaigns", "recipients", id, status] as const,
}

/** After a change to grants: every view that shows grants or their sums. */
export function invalidateGrantViews(qc: QueryClient, orderId?: string) {
  return Promise.all([
    qc.invalidateQueries({ queryKey: orderId ? ddKeys.orderDelivery(orderId) : ddKeys.orderDeliveries() }),
    qc.invalidateQueries({ queryKey: ddKeys.grants() }),
    qc.invalidateQueries({ queryKey: ddKeys.customerGrants() }),
    qc.invalidateQueries({ queryKey: ddKeys.orderLists() }),
  ])
}

/** After a change to a variant's assets: the variant widget and the product overview. */
export function invalidateAssetViews(qc: QueryClient, variantId: string) {
  return Promise.all([
    qc.invalidateQueries({ queryKey: ddKeys.variant(variantId) }),
    qc.invalidateQueries({ queryKey: ddKeys.products() }),
  ])
}
