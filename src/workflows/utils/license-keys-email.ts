import crypto from "crypto"
import type { INotificationModuleService, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { LICENSE_WORDS } from "../../i18n"
import { buyerLicenseKeys, DELIVERY_ORDER_FIELDS, deliveryEmailContext, type DeliveryOrder } from "./delivery-email"
import { renderDeliveryEmail } from "./email-template"

export const LICENSE_KEYS_EMAIL_TEMPLATE = "digital-delivery.license-keys"

/**
 * Emails the buyer keys issued after their order was delivered (the pool was
 * dry then), in the order's language, rendered like the delivery email (same
 * placeholders, same layout). Throws when the email cannot be sent.
 */
export async function sendLateLicenseKeysEmail(container: MedusaContainer, orderId: string, keyIds: string[]): Promise<void> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "order", fields: DELIVERY_ORDER_FIELDS, filters: { id: orderId } })
  const order = data[0] as DeliveryOrder | undefined
  if (!order?.email) throw new Error("the order has no email address")
  const { context } = await deliveryEmailContext(container, order, [])
  context.license_keys = await buyerLicenseKeys(container, order, context.locale, keyIds)
  const words = LICENSE_WORDS[context.locale]
  const content = renderDeliveryEmail(
    { subject: words.lateSubject, body: [words.lateGreeting, words.lateIntro, "{LICENSEKEYS}", "{LibraryURL}", words.lateThanks].join("\n\n") },
    context
  )
  const batch = crypto.createHash("sha256").update([...keyIds].sort().join(",")).digest("hex").slice(0, 16)
  await container.resolve<INotificationModuleService>(Modules.NOTIFICATION).createNotifications({
    to: order.email,
    channel: "email",
    template: LICENSE_KEYS_EMAIL_TEMPLATE,
    content,
    data: { order_id: order.id, locale: context.locale, kind: "license-keys" },
    resource_id: order.id,
    resource_type: "order",
    trigger_type: "digital-delivery.license-keys",
    receiver_id: order.customer_id ?? undefined,
    idempotency_key: `digital-delivery:license-keys:${order.id}:${batch}`,
  })
}
