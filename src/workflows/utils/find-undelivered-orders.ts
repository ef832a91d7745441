import type { INotificationModuleService, MedusaContainer, OrderDetailDTO } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { getLastPaymentStatus } from "@medusajs/medusa/core-flows"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"
import { DELIVERY_EMAIL_TEMPLATE } from "./delivery-email"
import { triggerHolds } from "./delivery-trigger"

/** After this many failed delivery emails the job stops retrying; the merchant resends by hand. */
export const MAX_EMAIL_ATTEMPTS = 5

/** The fields selected below, as Query returns them (links may hold nulls). */
type OrderRow = { id: string; status: string; items?: ({ variant_id?: string | null } | null)[] | null }
type VariantRow = { id: string; digital_assets?: ({ id: string } | null)[] | null }

/**
 * Recent paid orders that are owed something: their delivery never happened
 * (e.g. auto-capture emitted no payment.captured), or their delivery email
 * failed and has not been retried too often.
 */
export async function findUndeliveredOrders(
  container: MedusaContainer,
  options: { since: Date; batchSize?: number }
): Promise<string[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const notifications = container.resolve<INotificationModuleService>(Modules.NOTIFICATION)
  const settings = await service.getSettings()
  if (settings.delivery_trigger === "manual") return []
  const take = options.batchSize ?? 200
  const owed: string[] = []

  for (let skip = 0; ; skip += take) {
    const { data: orders } = await query.graph({
      entity: "order",
      fields: [
        "id",
        "status",
        "items.id",
        "items.variant_id",
        "payment_collections.amount",
        "payment_collections.captured_amount",
        "payment_collections.refunded_amount",
        "payment_collections.status",
      ],
      filters: { created_at: { $gte: options.since } },
      pagination: { skip, take, order: { created_at: "ASC" } },
    })
    if (!orders.length) break
    // The payment_collections fields are the ones getLastPaymentStatus reads.
    const paid = (orders as OrderRow[]).filter(
      (o) =>
        o.status !== "canceled" &&
        triggerHolds(settings.delivery_trigger, getLastPaymentStatus(o as unknown as OrderDetailDTO))
    )
    const variantIds = [...new Set(paid.flatMap((o) => (o.items ?? []).map((i) => i?.variant_id).filter(Boolean)))]
    if (variantIds.length) {
      const { data: variants } = await query.graph({
        entity: "product_variant",
        fields: ["id", "digital_assets.id"],
        filters: { id: variantIds },
      })
      const assetsOf = new Map(
        (variants as VariantRow[]).map((v) => [v.id, (v.digital_assets ?? []).flatMap((a) => (a ? [a.id] : []))])
      )
      const digital = paid.filter((o) => (o.items ?? []).some((i) => i?.variant_id && assetsOf.get(i.variant_id)?.length))
      if (digital.length) {
        const grants = await service.listDownloadGrants(
          { order_id: digital.map((o) => o.id) },
          { select: ["order_id"], withDeleted: true }
        )
        const delivered = new Set(grants.map((g) => g.order_id))
        const sent = await notifications.listNotifications(
          { resource_id: digital.map((o) => o.id), template: DELIVERY_EMAIL_TEMPLATE },
          { select: ["resource_id", "status"] }
        )
        for (const order of digital) {
          // Never delivered. A file attached to a product later is not pushed to old
          // orders by the job: the merchant gives it with "Deliver now".
          const missingGrant = !delivered.has(order.id)
          const mine = sent.filter((n) => n.resource_id === order.id)
          const emailOwed =
            !mine.some((n) => n.status !== "failure") && mine.length < MAX_EMAIL_ATTEMPTS
          if (missingGrant || emailOwed) owed.push(order.id)
        }
      }
    }
    if (orders.length < take) break
  }
  return owed
}
