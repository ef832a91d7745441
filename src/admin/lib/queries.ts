import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query"
import { sdk } from "./sdk"
import type {
  BatchAction,
  DigitalAsset,
  DigitalOrder,
  DownloadGrant,
  EmailLocale,
  EmailPreview,
  EmailTemplate,
  OrderDelivery,
  SettingsInput,
  SettingsResponse,
  ShippingResult,
  VariantDigital,
} from "./types"

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
  customerGrants: (id?: string) => ["digital-delivery", "customer-grants", ...(id ? [id] : [])] as const,
  orderLists: () => ["digital-delivery", "orders"] as const,
  orderList: (params: OrderListParams) => ["digital-delivery", "orders", params] as const,
  settings: () => ["digital-delivery", "settings"] as const,
}

/** After a change to grants: every view that shows grants or their sums. */
function invalidateGrantViews(qc: QueryClient, orderId?: string) {
  return Promise.all([
    qc.invalidateQueries({ queryKey: orderId ? ddKeys.orderDelivery(orderId) : ddKeys.orderDeliveries() }),
    qc.invalidateQueries({ queryKey: ddKeys.grants() }),
    qc.invalidateQueries({ queryKey: ddKeys.customerGrants() }),
    qc.invalidateQueries({ queryKey: ddKeys.orderLists() }),
  ])
}

// ---------------------------------------------------------------- variants & assets

export function useVariantDigital(variantId: string) {
  return useQuery({
    queryKey: ddKeys.variant(variantId),
    queryFn: () => sdk.client.fetch<VariantDigital>(`/admin/digital-delivery/variants/${variantId}`),
  })
}

type ProductDigital = {
  product: {
    variants: { id: string; title: string | null; digital_assets?: ({ id: string; filename: string } | null)[] | null }[] | null
  }
}

export function useProductDigital(productId: string) {
  return useQuery({
    queryKey: ddKeys.product(productId),
    queryFn: () =>
      sdk.client.fetch<ProductDigital>(`/admin/products/${productId}`, {
        query: { fields: "variants.id,variants.title,variants.digital_assets.id,variants.digital_assets.filename" },
      }),
    enabled: !!productId,
  })
}

/** After a change to a variant's assets: the variant widget and the product overview. */
function invalidateAssetViews(qc: QueryClient, variantId: string) {
  return Promise.all([
    qc.invalidateQueries({ queryKey: ddKeys.variant(variantId) }),
    qc.invalidateQueries({ queryKey: ddKeys.products() }),
  ])
}

export function useLinkAssetToVariant(variantId: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ assetId, op }: { assetId: string; op: "add" | "remove" }) =>
      sdk.client.fetch<{ digital_asset: DigitalAsset }>(`/admin/digital-assets/${assetId}/variants`, {
        method: "POST",
        body: { [op]: [variantId] },
      }),
    onSuccess: () => invalidateAssetViews(qc, variantId),
  })
}

export function useCreateExternalLink(variantId: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: async (input: { external_url: string; title: string }) => {
      const { digital_asset } = await sdk.client.fetch<{ digital_asset: DigitalAsset }>(`/admin/digital-assets`, {
        method: "POST",
        body: { kind: "external_link", ...input },
      })
      await sdk.client.fetch(`/admin/digital-assets/${digital_asset.id}/variants`, {
        method: "POST",
        body: { add: [variantId] },
      })
      return digital_asset
    },
    onSuccess: () => invalidateAssetViews(qc, variantId),
  })
}

export type AssetUpdate = {
  title?: string
  filename?: string
  external_url?: string
  max_downloads?: number | null
  validity_days?: number | null
}

export function useUpdateAsset(variantId: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ id, ...body }: AssetUpdate & { id: string }) =>
      sdk.client.fetch<{ digital_asset: DigitalAsset }>(`/admin/digital-assets/${id}`, { method: "POST", body }),
    onSuccess: () => invalidateAssetViews(qc, variantId),
  })
}

export function useVariantShipping(variantId: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (requires_shipping: boolean) =>
      sdk.client.fetch<ShippingResult>(`/admin/digital-delivery/variants/${variantId}/shipping`, {
        method: "POST",
        body: { requires_shipping },
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ddKeys.variant(variantId) }),
  })
}

/** Refreshes the views after an upload done outside React Query (XMLHttpRequest, for progress). */
export function useInvalidateAssetViews(variantId: string) {
  const qc = useQueryClient()
  return () => invalidateAssetViews(qc, variantId)
}

// ---------------------------------------------------------------- orders & grants

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
    // A failed send is recorded too: refresh the email list either way.
    onSettled: () => qc.invalidateQueries({ queryKey: ddKeys.orderDelivery(orderId) }),
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
        query: { customer_id: customerId, order: "-created_at", ...page },
      }),
    placeholderData: keepPreviousData,
  })
}

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

export type OrderListParams = {
  status?: string
  q?: string
  customer_id?: string
  limit: number
  offset?: number
  /** the previous page's next_cursor */
  cursor?: string
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

// ---------------------------------------------------------------- settings

export function useDeliverySettings() {
  return useQuery({
    queryKey: ddKeys.settings(),
    queryFn: () => sdk.client.fetch<SettingsResponse>(`/admin/digital-delivery/settings`),
  })
}

export function useUpdateDeliverySettings() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: SettingsInput) =>
      sdk.client.fetch<SettingsResponse>(`/admin/digital-delivery/settings`, { method: "POST", body }),
    onSuccess: (data) => qc.setQueryData(ddKeys.settings(), data),
  })
}

export type TemplateRequest = { locale: EmailLocale; template: EmailTemplate }

/** The rendered email for the template being edited (debounce the input before calling). */
export function useEmailPreview(request: TemplateRequest | null) {
  return useQuery({
    queryKey: [...ddKeys.settings(), "preview", request],
    queryFn: () =>
      sdk.client.fetch<{ preview: EmailPreview }>(`/admin/digital-delivery/settings/preview`, {
        method: "POST",
        body: request!,
      }),
    enabled: !!request,
    placeholderData: keepPreviousData,
    retry: false,
  })
}

export function useSendTestEmail() {
  return useMutation({
    mutationFn: (body: TemplateRequest & { to: string }) =>
      sdk.client.fetch<{ email: { status: string; to: string } }>(`/admin/digital-delivery/settings/send-test`, {
        method: "POST",
        body,
      }),
  })
}
