import type { ActivityActor, GrantActivityInput } from "../types"

/** A grant's values before a change, as the activity entries compare them. */
export type GrantBefore = {
  id: string
  order_id?: string | null
  enabled?: boolean | null
  max_downloads?: number | null
  downloads_used?: unknown
  expires_at?: Date | string | null
  revoked_at?: Date | string | null
}

/** A change to grants, as the update step writes it. */
export type GrantChange = {
  id: string
  enabled?: boolean
  max_downloads?: number | null
  downloads_used?: number
  expires_at?: Date | null
  revoked_at?: Date | null
}

const iso = (d: Date | string | null | undefined) => (d == null ? null : new Date(d).toISOString())

/**
 * The entries an update leaves in the grants' history: one per value it
 * touches (a request that disables and changes the limit leaves two), with
 * the value before and after. Unknown grants leave nothing.
 */
export function changeActivities(
  before: GrantBefore[],
  updates: GrantChange[],
  actor: ActivityActor,
  details: Record<string, unknown> | null = null
): GrantActivityInput[] {
  const byId = new Map(before.map((g) => [g.id, g]))
  const entries: GrantActivityInput[] = []
  for (const u of updates) {
    const g = byId.get(u.id)
    if (!g) continue
    const entry = (action: GrantActivityInput["action"], change: GrantActivityInput["change"] = null) =>
      entries.push({ grant_id: g.id, order_id: g.order_id ?? null, action, actor, change, details })
    if (u.revoked_at) entry("revoked")
    if (u.enabled !== undefined) entry(u.enabled ? "enabled" : "disabled", { from: g.enabled ?? null, to: u.enabled })
    if (u.downloads_used === 0) entry("usage_reset", { from: Number(g.downloads_used ?? 0), to: 0 })
    if (u.max_downloads !== undefined) entry("limit_changed", { from: g.max_downloads ?? null, to: u.max_downloads })
    if (u.expires_at !== undefined) entry("expiry_changed", { from: iso(g.expires_at), to: iso(u.expires_at) })
  }
  return entries
}

/** The row of an entry: the actor spread over its columns. */
export function activityRow(e: GrantActivityInput) {
  const actor = e.actor
  return {
    grant_id: e.grant_id,
    order_id: e.order_id ?? null,
    action: e.action,
    actor_type: actor.type,
    actor_id: actor.type === "system" ? null : actor.id,
    actor_email: actor.type === "user" ? actor.email ?? null : null,
    change: (e.change ?? null) as Record<string, unknown> | null,
    details: e.details ?? null,
  }
}
