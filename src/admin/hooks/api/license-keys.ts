import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { sdk } from "../../lib/sdk"
import type { LicenseConfig, LicenseKey, LicensePublicKey } from "../../lib/types"
import { ddKeys } from "./keys"

const licenseKeys = {
  order: (orderId: string) => [...ddKeys.all, "license-keys", "order", orderId] as const,
  variant: (variantId: string) => [...ddKeys.all, "license-keys", "variant", variantId] as const,
  publicKey: () => [...ddKeys.all, "license-keys", "public-key"] as const,
}

/** The order's license keys, masked. */
export function useOrderLicenseKeys(orderId: string) {
  return useQuery({
    queryKey: licenseKeys.order(orderId),
    queryFn: () => sdk.client.fetch<{ license_keys: LicenseKey[] }>(`/admin/orders/${orderId}/license-keys`),
  })
}

/** Reveal (the key in clear, audited), revoke or replace one key of the order. */
export function useLicenseKeyAction(orderId: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: "reveal" | "revoke" | "replace" }) =>
      sdk.client.fetch<{ license_key: LicenseKey; key?: string }>(`/admin/license-keys/${id}/${action}`, { method: "POST", body: {} }),
    onSuccess: () => qc.invalidateQueries({ queryKey: licenseKeys.order(orderId) }),
  })
}

/** The variant's key source and pool counts. */
export function useLicenseConfig(variantId: string) {
  return useQuery({
    queryKey: licenseKeys.variant(variantId),
    queryFn: () => sdk.client.fetch<{ license_config: LicenseConfig }>(`/admin/digital-delivery/variants/${variantId}/license-keys`),
  })
}

export function useUpdateLicenseConfig(variantId: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: Partial<Pick<LicenseConfig, "source" | "pattern" | "activation_limit" | "low_pool_threshold">>) =>
      sdk.client.fetch<{ license_config: LicenseConfig }>(`/admin/digital-delivery/variants/${variantId}/license-keys`, { method: "POST", body }),
    onSuccess: (data) => qc.setQueryData(licenseKeys.variant(variantId), data),
  })
}

/** Adds keys (the text of a .txt or .csv file) to the variant's pool. */
export function useUploadLicensePool(variantId: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (keys: string) =>
      sdk.client.fetch<{ added: number; issued_pending: number; license_config: LicenseConfig }>(
        `/admin/digital-delivery/variants/${variantId}/license-keys/pool`,
        { method: "POST", body: { keys } }
      ),
    onSuccess: (data) => qc.setQueryData(licenseKeys.variant(variantId), { license_config: data.license_config }),
  })
}

/** The activation API's verification key and example (Settings). */
export function useLicensePublicKey() {
  return useQuery({
    queryKey: licenseKeys.publicKey(),
    queryFn: () => sdk.client.fetch<LicensePublicKey>(`/admin/digital-delivery/license-keys/public-key`),
    staleTime: Infinity,
  })
}
