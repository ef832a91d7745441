import type { INotificationModuleService, Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type { ClaimedRecipient } from "../../modules/digital-delivery/repositories"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"
import type { DeliveryOrder, DeliverySettings } from "../utils/delivery-email"
import {
  loadBuyerOrder,
  loadRelease,
  renderUpdateEmailFor,
  toEmailGrant,
  unsubscribeHeaders,
  UPDATE_EMAIL_TEMPLATE,
  type ReleaseFacts,
} from "../utils/update-email"

export type CampaignSendResult = { claimed: number; sent: number; failed: number; unsubscribed: number; skipped: number; superseded: number }

export const sendCampaignEmailsStepId = "send-campaign-emails"

/** Emails sent at once by one run (the throttle has already decided how many). */
const CONCURRENCY = 4

/**
 * Resend keeps an idempotency key for 24 hours and answers 409
 * `invalid_idempotent_request` when the key comes again with another body:
 * an earlier attempt of this recipient was accepted, so it counts as sent.
 */
const ALREADY_ACCEPTED = /invalid_idempotent_request/

/**
 * Sends each claimed recipient's update email through the Notification Module
 * and settles the row. Cannot be undone, so it comes last; a failing
 * provider fails the row (retried later), never the workflow.
 *
 * Keys: the notification's is per claim (the Notification Module sends a
 * failed key again under a notification id it never stored), the provider's (`provider_data.
 * idempotency_key`) is per recipient row, the same on every attempt: a send
 * that reached Resend before its instance died is not sent again.
 */
export const sendCampaignEmailsStep = createStep(
  sendCampaignEmailsStepId,
  async (claimed: ClaimedRecipient[], { container }): Promise<StepResponse<CampaignSendResult>> => {
    const result: CampaignSendResult = { claimed: claimed.length, sent: 0, failed: 0, unsubscribed: 0, skipped: 0, superseded: 0 }
    const releases = new Map<string, Promise<ReleaseFacts | null>>()
    // Read once for the batch (not once per email): the templates and link settings.
    let settings: Promise<DeliverySettings> | null = null
    const loadSettings = () => (settings ??= container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE).getSettings())
    const queue = [...claimed]
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const key = `${next.asset_id}:${next.version}`
        if (!releases.has(key)) releases.set(key, loadRelease(container, next.asset_id, next.version))
        const outcome = await sendOne(container, next, releases.get(key)!, loadSettings)
        result[outcome]++
      }
    }
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, claimed.length) }, worker))
    return new StepResponse(result)
  }
)

async function sendOne(
  container: MedusaContainer,
  row: ClaimedRecipient,
  release: Promise<ReleaseFacts | null>,
  loadSettings: () => Promise<DeliverySettings>
): Promise<"sent" | "failed" | "unsubscribed" | "skipped" | "superseded"> {
  const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const settle = async (outcome: Parameters<DigitalDeliveryModuleService["settleCampaignRecipient"]>[1]) =>
    (await service.settleCampaignRecipient(row, outcome)) ? (outcome.status as "sent" | "failed" | "unsubscribed" | "skipped") : "superseded"
  try {
    if (await service.isEmailUnsubscribed(row.email)) return await settle({ status: "unsubscribed" })
    const facts = await release
    if (!facts) return await settle({ status: "skipped", error: "the release no longer exists" })
    const [grants] = await service.listGrants({ asset_id: row.asset_id, email: row.email }, { limit: 100, offset: 0, order: "files" })
    const live = grants.filter((g) => g.enabled && !g.revoked_at && (row.include_expired || g.status !== "expired"))
    if (!live.length) return await settle({ status: "skipped", error: "no live grant any more" })
    const order: DeliveryOrder = { ...(await loadBuyerOrder(container, row.order_id, row.email)), email: row.email }
    const unsubscribeUrl = service.unsubscribeUrl(row.id)
    const { content, locale } = await renderUpdateEmailFor(container, {
      order,
      grants: live.map(toEmailGrant),
      release: facts,
      unsubscribe_url: unsubscribeUrl,
      settings: await loadSettings(),
    })
    const notifications = container.resolve<INotificationModuleService>(Modules.NOTIFICATION)
    try {
      const created = await notifications.createNotifications({
        to: row.email,
        channel: "email",
        template: UPDATE_EMAIL_TEMPLATE,
        content,
        data: { campaign_id: row.campaign_id, recipient_id: row.id, locale },
        resource_id: row.id,
        resource_type: "update_campaign_recipient",
        trigger_type: "digital-delivery.update",
        receiver_id: row.customer_id ?? undefined,
        idempotency_key: `digital-delivery:update:${row.id}:${row.attempts}:${new Date(row.claimed_at).getTime()}`,
        provider_data: { headers: unsubscribeHeaders(unsubscribeUrl), idempotency_key: `digital-delivery:update:${row.id}` },
      })
      return await settle({ status: "sent", notification_id: created?.id ?? null })
    } catch (err) {
      const message = (err as Error).message
      if (ALREADY_ACCEPTED.test(message)) return await settle({ status: "sent", notification_id: null })
      logger.warn(`digital-delivery: update email ${row.id} (attempt ${row.attempts}) failed: ${message}`)
      return await settle({ status: "failed", error: message })
    }
  } catch (err) {
    // Anything else (the database, the render): this row is retried like a failed send.
    logger.error(`digital-delivery: update email ${row.id} could not be prepared: ${(err as Error).message}`)
    return await settle({ status: "failed", error: (err as Error).message }).catch(() => "failed" as const)
  }
}
