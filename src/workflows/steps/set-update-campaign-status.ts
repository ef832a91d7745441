import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"

export type CampaignAction = "pause" | "resume" | "cancel" | "retry_failed"

/** The statuses each action starts from, and where it leads. */
const TRANSITIONS: Record<CampaignAction, { from: string[]; to: string }> = {
  pause: { from: ["sending"], to: "paused" },
  resume: { from: ["paused"], to: "sending" },
  cancel: { from: ["sending", "paused"], to: "cancelled" },
  // Failed rows are queued again: a finished campaign sends again.
  retry_failed: { from: ["sending", "paused", "completed"], to: "sending" },
}

export const setUpdateCampaignStatusStepId = "set-update-campaign-status"

/**
 * Pauses, resumes, cancels a campaign or queues its failed rows again (a
 * paused campaign stays paused). A claim already taken finishes its send.
 * Undone by putting the previous status (and the failed rows) back.
 */
export const setUpdateCampaignStatusStep = createStep(
  setUpdateCampaignStatusStepId,
  async (input: { campaign_id: string; action: CampaignAction }, { container }) => {
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    const campaign = await service.retrieveUpdateCampaign(input.campaign_id)
    const rule = TRANSITIONS[input.action]
    if (!rule.from.includes(campaign.status)) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `action: cannot ${input.action.replace("_", " ")} a campaign that is ${campaign.status}`)
    }
    let requeued: string[] = []
    if (input.action === "retry_failed") {
      const failed = await service.listUpdateCampaignRecipients({ campaign_id: campaign.id, status: "failed" }, { select: ["id"] })
      requeued = failed.map((r) => r.id)
      await service.retryFailedCampaignRecipients(campaign.id)
    }
    const to = input.action === "retry_failed" && campaign.status === "paused" ? "paused" : rule.to
    await service.updateUpdateCampaigns({ id: campaign.id, status: to, ...(to !== "completed" ? { completed_at: null } : {}) })
    return new StepResponse(
      { id: campaign.id, status: to, requeued: requeued.length },
      { id: campaign.id, status: campaign.status, completed_at: campaign.completed_at, requeued }
    )
  },
  async (previous, { container }) => {
    if (!previous) return
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    await service.updateUpdateCampaigns({ id: previous.id, status: previous.status, completed_at: previous.completed_at })
    if (previous.requeued.length) {
      await service.updateUpdateCampaignRecipients({ selector: { id: previous.requeued, status: "queued" }, data: { status: "failed" } })
    }
  }
)
