import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"
import type { ActivityActor } from "../../modules/digital-delivery/types"

export type UpdateDownloadGrantInput = {
  id: string
  enabled?: boolean
  max_downloads?: number | null
  /** 0 resets the usage (bytes_sent is kept); the compensation restores the value it read. */
  downloads_used?: number
  /** @deprecated the name before byte metering: 0 resets the usage, as `downloads_used: 0` does. */
  download_count?: number
  expires_at?: Date | null
  revoked_at?: Date | null
}

/**
 * The changes, who makes them (an Admin user, or the plugin: "system", the
 * default) and what else the history should say (e.g. `{ reason: "refund" }`).
 * A bare array is the form before the history (system, no details).
 */
export type UpdateDownloadGrantsStepInput =
  | UpdateDownloadGrantInput[]
  | { grants: UpdateDownloadGrantInput[]; actor?: ActivityActor | null; details?: Record<string, unknown> | null }

export const updateDownloadGrantsStepId = "update-download-grants"

/**
 * `download_count` (the old name) becomes `downloads_used`; the grant has no
 * such column any more. A reset also drops what requests in flight reserved:
 * a reservation left by a server that died mid-download would otherwise
 * hold the grant at its limit (a request still running is charged when it ends).
 */
function toUpdate({ download_count, ...update }: UpdateDownloadGrantInput): Omit<UpdateDownloadGrantInput, "download_count"> & { reserved?: number } {
  const usage = download_count === undefined || update.downloads_used !== undefined ? update : { ...update, downloads_used: download_count }
  return usage.downloads_used === 0 ? { ...usage, reserved: 0 } : usage
}

/**
 * Changes grants (enable, limit, usage reset, expiry, revocation) and writes
 * each change in the grants' history with who made it, in one transaction;
 * the compensation restores the grants and removes those entries.
 */
export const updateDownloadGrantsStep = createStep(
  updateDownloadGrantsStepId,
  async (stepInput: UpdateDownloadGrantsStepInput, { container }) => {
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    const { grants: input, actor, details } = Array.isArray(stepInput) ? { grants: stepInput, actor: null, details: null } : stepInput
    const updates = input.map(toUpdate)
    // A download that ended just before a reset may still wait in this
    // server's batch of records (up to 100 ms): written first, so the reset
    // clears it instead of the record adding it back after.
    if (updates.some((u) => u.downloads_used === 0)) await service.flushDownloadEvents()
    const { grants, before, activity_ids } = await service.updateGrantsRecorded(updates, actor ?? { type: "system" }, details ?? null)
    // The compensation writes back only what this step changed (usage as a plain
    // number), so it never undoes downloads metered in the meantime on a grant
    // whose usage it did not touch.
    // Reservations dropped by a reset are not restored (requests in flight settle on their own).
    const changed = new Map(updates.map((u) => [u.id, Object.keys(u).filter((k) => k !== "id" && k !== "reserved")]))
    const restore = before.map((g) => {
      const old: Record<string, unknown> = { ...g, downloads_used: Number(g.downloads_used ?? 0) }
      return { id: g.id, ...Object.fromEntries((changed.get(g.id) ?? []).map((k) => [k, old[k]])) } as UpdateDownloadGrantInput
    })
    return new StepResponse(grants, { restore, activity_ids })
  },
  async (compensation, { container }) => {
    if (!compensation) return
    const { restore, activity_ids } = compensation
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    if (restore.length) await service.updateDownloadGrants(restore)
    if (activity_ids.length) await service.deleteGrantActivities(activity_ids)
  }
)
