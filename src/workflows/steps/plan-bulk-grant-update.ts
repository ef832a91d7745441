import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"
import type { UpdateDownloadGrantInput } from "./update-download-grants"

export type BulkGrantAction = "enable" | "disable" | "revoke" | "extend"
export type PlanBulkGrantUpdateInput = { order_ids: string[]; action: BulkGrantAction; days?: number }

export const planBulkGrantUpdateStepId = "plan-bulk-grant-update"

/**
 * The changes a bulk action makes to the orders' grants that are not revoked.
 * "extend" adds days from the later of now and the current expiry; grants that
 * never expire stay so.
 */
export const planBulkGrantUpdateStep = createStep(
  planBulkGrantUpdateStepId,
  async (input: PlanBulkGrantUpdateInput, { container }) => {
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    const grants = await service.listDownloadGrants(
      { order_id: input.order_ids, revoked_at: null },
      { select: ["id", "expires_at"] }
    )
    const now = new Date()
    const updates: UpdateDownloadGrantInput[] = []
    for (const grant of grants) {
      if (input.action === "enable") updates.push({ id: grant.id, enabled: true })
      else if (input.action === "disable") updates.push({ id: grant.id, enabled: false })
      else if (input.action === "revoke") updates.push({ id: grant.id, revoked_at: now })
      else if (grant.expires_at) {
        const from = Math.max(now.getTime(), new Date(grant.expires_at).getTime())
        updates.push({ id: grant.id, expires_at: new Date(from + (input.days ?? 0) * 86_400_000) })
      }
    }
    return new StepResponse(updates)
  }
)
