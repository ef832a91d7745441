import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { sdk } from "../../lib/sdk"
import type { DownloadGrant, GrantHistoryPage, OrderDelivery } from "../../lib/types"
import { ddKeys, invalidateGrantViews } from "./keys"

export function useOrderDelivery(orderId: string) {
  return useQuery({
    queryKey: ddKeys.orderDelivery(orderId),
    queryFn: () => sdk.client.fetch<OrderDelivery>(`/admin/orders/${orderId}/digital-delivery`),
  })
}

export function useGrant(grantId: string | null) {
  return useQuery({
    queryKey: ddKeys.grant(grantId ?? ""),
    queryFn: () => sdk.client.fetch<{ download_grant: DownloadGrant }>(`/admin/download-grants/${grantId}`),
    enabled: !!grantId,
  })
}

/** A grant's history, newest first: downloads and actions, 50 at a time ("Load older" fetches the next page by cursor). */
export function useGrantHistory(grantId: string | null) {
  return useInfiniteQuery({
    queryKey: ddKeys.grantHistory(grantId ?? ""),
    queryFn: ({ pageParam }) =>
      sdk.client.fetch<GrantHistoryPage>(`/admin/download-grants/${grantId}/history`, {
        query: { limit: 50, ...(pageParam ? { cursor: pageParam } : {}) },
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    enabled: !!grantId,
  })
}

export type GrantUpdate = {
  enabled?: boolean
  max_downloads?: number | null
  /** only 0: resets the usage */
  downloads_used?: 0
  expires_at?: string | null
}

export function useUpdateGrant(orderId?: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ id, ...body }: GrantUpdate & { id: string }) =>
      sdk.client.fetch<{ download_grant: DownloadGrant }>(`/admin/download-grants/${id}`, { method: "POST", body }),
    onSuccess: () => invalidateGrantViews(qc, orderId),
  })
}

export function useGrantCommand(command: "revoke" | "regenerate-link", orderId?: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (id: string) =>
      sdk.client.fetch<{ download_grant: DownloadGrant }>(`/admin/download-grants/${id}/${command}`, { method: "POST" }),
    onSuccess: () => invalidateGrantViews(qc, orderId),
  })
}

export function useDeliverNow(orderId: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: () =>
      sdk.client.fetch<OrderDelivery & { delivery: unknown }>(`/admin/orders/${orderId}/digital-delivery`, {
        method: "POST",
      }),
    onSuccess: () => invalidateGrantViews(qc, orderId),
  })
}

export function useResendEmail(orderId: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: () =>
      sdk.client.fetch<{ email: { status: string; to?: string } }>(
        `/admin/orders/${orderId}/digital-delivery/resend`,
        { method: "POST" }
      ),
    // A failed send is recorded too: refresh the email list (and the grants' history) either way.
    onSettled: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: ddKeys.orderDelivery(orderId) }),
        qc.invalidateQueries({ queryKey: ddKeys.grants() }),
      ]),
  })
}

export function useRegenerateOrderLinks(orderId: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: { resend: boolean }) =>
      sdk.client.fetch<OrderDelivery & { regenerated: { link_version: number; email: { status: string; error?: string } | null } }>(
        `/admin/orders/${orderId}/digital-delivery/regenerate-links`,
        { method: "POST", body }
      ),
    onSettled: () => invalidateGrantViews(qc, orderId),
  })
}

export function useCustomerGrants(customerId: string, page: { limit: number; offset: number }) {
  return useQuery({
    queryKey: [...ddKeys.customerGrants(customerId), page],
    queryFn: () =>
      sdk.client.fetch<{ download_grants: DownloadGrant[]; count: number }>(`/admin/download-grants`, {
        query: { customer_id: customerId, order: "files", ...page }, // as the customer's library lists them
      }),
    placeholderData: keepPreviousData,
  })
}
