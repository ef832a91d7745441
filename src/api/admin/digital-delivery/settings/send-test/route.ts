import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { INotificationModuleService } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { renderPreview } from "../helpers"
import type { AdminSendTestDeliveryEmailType } from "../validators"

/** Sends the sample delivery email to an address of the merchant's choice. */
export async function POST(req: AuthenticatedMedusaRequest<AdminSendTestDeliveryEmailType>, res: MedusaResponse) {
  const { to, kind, locale, template } = req.validatedBody
  const content = await renderPreview(req.scope, { kind, locale, template })
  const notifications = req.scope.resolve<INotificationModuleService>(Modules.NOTIFICATION)
  try {
    const sent = await notifications.createNotifications({
      to,
      channel: "email",
      template: kind === "update" ? "digital-delivery.update-test" : "digital-delivery.test",
      content: { ...content, subject: `[TEST] ${content.subject}` },
      data: { locale, kind },
      trigger_type: "digital-delivery.test",
    })
    res.json({ email: { status: "sent", notification_id: sent?.id, to } })
  } catch (err) {
    res.status(502).json({ type: "email_failed", message: `The email could not be sent: ${(err as Error).message}` })
  }
}
