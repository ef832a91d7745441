import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"
import type { ActivityActor, GrantActivityAction } from "../../modules/digital-delivery/types"

export type RecordGrantActivityInput = {
  action: GrantActivityAction
  actor?: ActivityActor | null
  details?: Record<string, unknown> | null
  /** these grants… */
  grant_ids?: string[]
  /** …or every grant of this order that is not revoked */
  order_id?: string
}

export const recordGrantActivityStepId = "record-grant-activity"

/**
 * Writes one entry per grant in their history for an action that does not
 * change the grant row itself (an email sent, grants issued). The
 * compensation removes the entries, so a workflow that fails after it leaves
 * none.
 */
export const recordGrantActivityStep = createStep(
  recordGrantActivityStepId,
  async (input: RecordGrantActivityInput, { container }) => {
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    const filters = input.grant_ids ? { id: input.grant_ids } : input.order_id ? { order_id: input.order_id, revoked_at: null } : null
    if (!filters || (input.grant_ids && !input.grant_ids.length)) return new StepResponse([] as string[], [] as string[])
    const grants = await service.listDownloadGrants(filters, { select: ["id", "order_id"], order: { created_at: "ASC" } })
    const entries = await service.recordGrantActivity(
      grants.map((g) => ({
        grant_id: g.id,
        order_id: g.order_id,
        action: input.action,
        actor: input.actor ?? { type: "system" },
        details: input.details ?? null,
      }))
    )
    const ids = entries.map((e) => e.id)
    return new StepResponse(ids, ids)
  },
  async (ids, { container }) => {
    if (!ids?.length) return
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    await service.deleteGrantActivities(ids)
  }
)
