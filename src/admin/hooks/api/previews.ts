import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { sdk } from "../../lib/sdk"
import type { DigitalPreview } from "../../lib/types"
import { ddKeys } from "./keys"

export type { DigitalPreview }

/** The product's files that previews can belong to. */
export type PreviewableAsset = { id: string; filename: string; mime_type: string; kind: "file" | "external_link" }

type ProductAssets = { product: { variants: { digital_assets?: (PreviewableAsset | null)[] | null }[] | null } }

const previewKeys = {
  all: () => [...ddKeys.all, "previews"] as const,
  product: (productId: string) => [...ddKeys.all, "previews", productId] as const,
}

/** The files of the product's variants (each once), for their previews. */
export function useProductAssets(productId: string) {
  return useQuery({
    queryKey: [...previewKeys.product(productId), "assets"],
    queryFn: async () => {
      const { product } = await sdk.client.fetch<ProductAssets>(`/admin/products/${productId}`, {
        query: { fields: "variants.digital_assets.id,variants.digital_assets.filename,variants.digital_assets.mime_type,variants.digital_assets.kind" },
      })
      const seen = new Map<string, PreviewableAsset>()
      for (const v of product.variants ?? []) for (const a of v.digital_assets ?? []) if (a) seen.set(a.id, a)
      return [...seen.values()].sort((a, b) => a.filename.localeCompare(b.filename))
    },
  })
}

/** The product's own previews and its files' previews, each in order. */
export function usePreviews(productId: string, assetIds: string[], enabled = true) {
  return useQuery({
    enabled,
    queryKey: [...previewKeys.product(productId), assetIds],
    queryFn: () =>
      sdk.client.fetch<{ digital_previews: DigitalPreview[] }>(`/admin/digital-previews`, {
        query: { product_id: productId, ...(assetIds.length ? { asset_id: assetIds } : {}) },
      }),
  })
}

/** Refreshes the previews card after a change. */
export function useInvalidatePreviews(productId: string) {
  const qc = useQueryClient()
  return () => qc.invalidateQueries({ queryKey: previewKeys.product(productId) })
}

export function useUpdatePreview(productId: string) {
  const refresh = useInvalidatePreviews(productId)
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; title?: string; position?: number }) =>
      sdk.client.fetch<{ digital_preview: DigitalPreview }>(`/admin/digital-previews/${id}`, { method: "POST", body }),
    onSuccess: () => refresh(),
  })
}

export function useDeletePreview(productId: string) {
  const refresh = useInvalidatePreviews(productId)
  return useMutation({
    mutationFn: (id: string) => sdk.client.fetch(`/admin/digital-previews/${id}`, { method: "DELETE" }),
    onSuccess: () => refresh(),
  })
}

/** "Make a preview": the first pages of a PDF or seconds of a WAV. */
export function useGeneratePreview(productId: string) {
  const refresh = useInvalidatePreviews(productId)
  return useMutation({
    mutationFn: ({ assetId, ...body }: { assetId: string; pages?: number; seconds?: number }) =>
      sdk.client.fetch<{ digital_preview: DigitalPreview }>(`/admin/digital-assets/${assetId}/previews`, { method: "POST", body }),
    onSuccess: () => refresh(),
  })
}
