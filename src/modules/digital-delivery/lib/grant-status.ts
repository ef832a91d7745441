import type { GrantStatus } from "../types"

/** A grant's state, as a merchant and a buyer read it. Mirrors STATUS_SQL in the service. */
export function grantStatus(
  grant: {
    revoked_at?: Date | string | null
    enabled: boolean
    expires_at?: Date | string | null
    max_downloads: number | null
    download_count: number
  },
  now = new Date()
): GrantStatus {
  if (grant.revoked_at) return "revoked"
  if (!grant.enabled) return "disabled"
  if (grant.expires_at && new Date(grant.expires_at) <= now) return "expired"
  if (grant.max_downloads != null && grant.download_count >= grant.max_downloads) return "exhausted"
  return "active"
}
