import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { sdk } from "../../lib/sdk"
import type { BatchAction, DigitalOrder } from "../../lib/types"
import { ddKeys, invalidateGrantViews, type OrderListParams } from "./keys"

export type { OrderListParams }

/** The customer's digital orders, to name the orders (#1042) in their library. */
export function useCustomerDigitalOrders(customerId: string) {
  return useQuery({
    queryKey: ddKeys.orderList({ customer_id: customerId, limit: 200, offset: 0 }),
    queryFn: () =>
      sdk.client.fetch<{ digital_orders: DigitalOrder[]; count: number }>(`/admin/digital-delivery/orders`, {
        query: { customer_id: customerId, limit: 200, offset: 0 },
      }),
  })
}

/** A page of an admin list: `count` is exact when `count_exact`, else PostgreSQL's estimate (over 1,000). */
export type ListPage = { count: number; count_exact: boolean; next_cursor: string | null }

export function useDigitalOrders(params: OrderListParams) {
  return useQuery({
    queryKey: ddKeys.orderList(params),
    queryFn: () =>
      sdk.client.fetch<{ digital_orders: DigitalOrder[] } & ListPage>(`/admin/digital-delivery/orders`, {
        query: Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== "")),
      }),
    placeholderData: keepPreviousData,
  })
}

export function useBatchOrders() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: { order_ids: string[]; action: BatchAction; days?: number }) =>
      sdk.client.fetch<Record<string, unknown>>(`/admin/digital-delivery/orders/batch`, { method: "POST", body }),
    onSuccess: () => invalidateGrantViews(qc),
  })
}
