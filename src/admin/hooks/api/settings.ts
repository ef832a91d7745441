import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { fetchJson, sdk } from "../../lib/sdk"
import type { EmailKind, EmailLocale, EmailPreview, EmailTemplate, SettingsInput, SettingsResponse } from "../../lib/types"
import { ddKeys } from "./keys"

export function useDeliverySettings() {
  return useQuery({
    queryKey: ddKeys.settings(),
    queryFn: () => sdk.client.fetch<SettingsResponse>(`/admin/digital-delivery/settings`),
  })
}

export function useUpdateDeliverySettings() {
  const qc = useQueryClient()
  return useMutation({
    // fetchJson, not the SDK: a 400 lists the invalid fields (ApiError.errors) for the form to show beside each.
    mutationFn: (body: SettingsInput) => fetchJson<SettingsResponse>(`/admin/digital-delivery/settings`, { method: "POST", body }),
    onSuccess: (data) => qc.setQueryData(ddKeys.settings(), data),
  })
}

export type TemplateRequest = { locale: EmailLocale; template: EmailTemplate; kind?: EmailKind }

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
