import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { sdk } from "../../lib/sdk"
import type { DigitalAsset, ShippingResult, VariantDigital } from "../../lib/types"
import { ddKeys, invalidateAssetViews } from "./keys"

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
  keep_earlier_releases?: boolean
  stamp_pdf?: boolean
  stamp_template?: string | null
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
