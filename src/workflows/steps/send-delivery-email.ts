import type { INotificationModuleService, Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"
import {
  DELIVERY_EMAIL_TEMPLATE,
  deliveryEmailContext,
  renderForSettings,
  type DeliveryOrder,
} from "../utils/delivery-email"

export type SendDeliveryEmailInput = {
  order: DeliveryOrder
  /** "delivery": once per order (skipped when one was sent or is pending); "resend": always. */
  kind: "delivery" | "resend"
}

export type SendDeliveryEmailResult = {
  status: "sent" | "failed" | "skipped"
  notification_id?: string
  error?: string
}

export const sendDeliveryEmailStepId = "send-delivery-email"

/**
 * Emails the buyer the current links through the Notification Module (channel
 * `email`). It cannot be undone, so it comes last, and a failing provider does
 * not fail the workflow: the grants stay, the notification is recorded as
 * failed, and a resend (or the next delivery run) tries again.
 */
export const sendDeliveryEmailStep = createStep(
  sendDeliveryEmailStepId,
  async (input: SendDeliveryEmailInput, { container }): Promise<StepResponse<SendDeliveryEmailResult>> => {
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    const notifications = container.resolve<INotificationModuleService>(Modules.NOTIFICATION)
    const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
    const { order } = input
    if (!order.email) {
      return new StepResponse({ status: "skipped", error: "the order has no email address" })
    }

    const previous = await notifications.listNotifications(
      { resource_id: order.id, resource_type: "order", template: DELIVERY_EMAIL_TEMPLATE },
      { select: ["id", "status"] }
    )
    if (input.kind === "delivery" && previous.some((n) => n.status !== "failure")) {
      return new StepResponse({ status: "skipped" })
    }

    // The order's files in the order every list shows them (paged-lists FILE_ORDER).
    const [grants] = await service.listGrants({ order_id: order.id }, { limit: 500, offset: 0, order: "files" })
    const emailGrants = grants.map((g) => ({
      ...g,
      asset: {
        filename: g.asset_filename,
        size: g.asset_size == null ? null : Number(g.asset_size),
        version: g.asset_version,
        version_label: g.asset_version_label,
      },
    }))
    if (!emailGrants.some((g) => !g.revoked_at)) {
      return new StepResponse({ status: "skipped", error: "the order has no active download" })
    }
    const { context, settings } = await deliveryEmailContext(container, order, emailGrants)
    const content = renderForSettings(context, settings.templates)

    // One key per attempt: a key that failed once must not be reused (the Notification
    // Module only de-duplicates pending and successful notifications).
    const key = `digital-delivery:${input.kind}:${order.id}:${previous.length + 1}:${input.kind === "resend" ? Date.now() : ""}`
    try {
      const created = await notifications.createNotifications({
        to: order.email,
        channel: "email",
        template: DELIVERY_EMAIL_TEMPLATE,
        content,
        data: { order_id: order.id, locale: context.locale, kind: input.kind },
        resource_id: order.id,
        resource_type: "order",
        trigger_type: `digital-delivery.${input.kind}`,
        receiver_id: order.customer_id ?? undefined,
        idempotency_key: key,
      })
      return new StepResponse({ status: "sent", notification_id: created?.id })
    } catch (err) {
      logger.error(`digital-delivery: the delivery email of order ${order.id} failed: ${(err as Error).message}`)
      return new StepResponse({ status: "failed", error: (err as Error).message })
    }
  }
)
