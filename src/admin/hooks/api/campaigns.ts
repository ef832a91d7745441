import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { fetchJson, sdk } from "../../lib/sdk"
import type { CampaignRecipient, UpdateCampaign } from "../../lib/types"
import { ddKeys } from "./keys"

/** Update campaigns, newest first (one asset's when `assetId` is given); refreshed while one is sending. */
export function useUpdateCampaigns(assetId?: string) {
  return useQuery({
    queryKey: ddKeys.campaigns(assetId),
    queryFn: () =>
      sdk.client.fetch<{ update_campaigns: UpdateCampaign[]; count: number }>(`/admin/digital-delivery/update-campaigns`, {
        query: { limit: 20, ...(assetId ? { asset_id: assetId } : {}) },
      }),
    refetchInterval: (q) => (q.state.data?.update_campaigns.some((c) => c.status === "sending") ? 5000 : false),
  })
}

/** "email N buyers": how many emails a campaign of the asset would send now. */
export function useUpdateAudience(assetId: string | undefined, includeExpired?: boolean) {
  return useQuery({
    queryKey: [...ddKeys.campaigns(assetId), "audience", includeExpired ?? null],
    queryFn: () =>
      sdk.client.fetch<{ recipients: number; include_expired: boolean }>(`/admin/digital-assets/${assetId}/update-audience`, {
        query: includeExpired === undefined ? {} : { include_expired: String(includeExpired) },
      }),
    enabled: !!assetId,
  })
}

export function useCampaignRecipients(campaignId: string | null, status = "failed") {
  return useQuery({
    queryKey: ddKeys.campaignRecipients(campaignId ?? "", status),
    queryFn: () =>
      sdk.client.fetch<{ recipients: CampaignRecipient[]; count: number }>(`/admin/digital-delivery/update-campaigns/${campaignId}/recipients`, {
        query: { status, limit: 50 },
      }),
    enabled: !!campaignId,
  })
}

/** Pause, resume, cancel, or queue the failed emails again. */
export function useCampaignAction() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: "pause" | "resume" | "cancel" | "retry_failed" }) =>
      fetchJson<{ update_campaign: UpdateCampaign }>(`/admin/digital-delivery/update-campaigns/${id}`, { method: "POST", body: { action } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ddKeys.campaigns() }),
  })
}

/** Starts (or resumes) the campaign of a release (`version`, default the asset's current one). */
export function useStartCampaign() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ assetId, version }: { assetId: string; version?: number }) =>
      fetchJson<{ update_campaign: UpdateCampaign; recorded: number }>(`/admin/digital-assets/${assetId}/update-campaigns`, {
        method: "POST",
        body: version === undefined ? {} : { version },
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ddKeys.campaigns() }),
  })
}
