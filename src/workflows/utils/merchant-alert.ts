import type { INotificationModuleService, Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { escapeHtml } from "./html"

export type MerchantAlert = {
  to: string
  subject: string
  /** what happened, one paragraph */
  what: string
  /** label → value rows under it */
  facts: [string, string][]
  resource_id: string
  resource_type: string
  /** `digital-delivery.alert.<kind>` */
  kind: string
  data?: Record<string, unknown>
}

/**
 * Emails the store's alert address (template `digital-delivery.alert`): a
 * paragraph and a table of facts. A failure is logged, not thrown: an alert
 * never fails what it reports on. Resolves whether it was sent.
 */
export async function sendMerchantAlert(container: MedusaContainer, alert: MerchantAlert): Promise<boolean> {
  const text = `${alert.what}\n\n${alert.facts.map(([k, v]) => `${k}: ${v}`).join("\n")}\n`
  const html = `<p>${escapeHtml(alert.what)}</p><table>${alert.facts
    .map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
    .join("")}</table>`
  try {
    await container.resolve<INotificationModuleService>(Modules.NOTIFICATION).createNotifications({
      to: alert.to,
      channel: "email",
      template: "digital-delivery.alert",
      content: { subject: alert.subject, text, html },
      data: alert.data ?? {},
      resource_id: alert.resource_id,
      resource_type: alert.resource_type,
      trigger_type: `digital-delivery.alert.${alert.kind}`,
    })
    return true
  } catch (err) {
    container
      .resolve<Logger>(ContainerRegistrationKeys.LOGGER)
      .error(`digital-delivery: the alert about ${alert.resource_type} ${alert.resource_id} could not be sent: ${(err as Error).message}`)
    return false
  }
}
