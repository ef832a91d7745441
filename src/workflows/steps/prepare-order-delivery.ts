import type { BigNumberInput, OrderDetailDTO } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { getLastPaymentStatus } from "@medusajs/medusa/core-flows"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"
import type { ActivityActor, GrantLineInput } from "../../modules/digital-delivery/types"
import { DELIVERY_ORDER_FIELDS, type DeliveryOrder } from "../utils/delivery-email"
import { ORDER_DELIVERY_BASE_FIELDS, triggerHolds } from "../utils/delivery-trigger"

export type PrepareOrderDeliveryInput = {
  order_id: string
  force?: boolean
  /** who delivers (the merchant's "Deliver now"), written in the grants' history; the plugin when absent */
  actor?: ActivityActor | null
  /** what started an automatic delivery: "payment" (the default) or "reconcile" (the scheduled job) */
  source?: "payment" | "reconcile"
}

export type OrderDeliveryPlan = {
  order: DeliveryOrder & { status: string; payment_status: string; created_at: string | Date }
  /** Why nothing is delivered, or null when the lines below are to be issued. */
  skipped: null | "canceled" | "not_paid" | "manual_trigger" | "no_digital_items"
  lines: GrantLineInput[]
}

/** The Store order route's fields (ORDER_DELIVERY_BASE_FIELDS), the email's, and when the order was placed. */
const ORDER_FIELDS = [...new Set([...ORDER_DELIVERY_BASE_FIELDS, ...DELIVERY_ORDER_FIELDS, "created_at", "currency_code"])]

/** The fields selected above, as Query returns them (links may hold nulls). */
type OrderItemRow = { id: string; variant_id?: string | null; quantity: BigNumberInput }
type OrderRow = Omit<DeliveryOrder, "items"> & { status: string; created_at: string | Date; items?: (OrderItemRow | null)[] | null }
type AssetRow = { id: string; max_downloads: number | null; validity_days: number | null }
type VariantRow = { id: string; digital_assets?: (AssetRow | null)[] | null }

export const prepareOrderDeliveryStepId = "prepare-order-delivery"

/**
 * Reads the order, its payment status, the store settings and the variants'
 * assets, and decides which grants the order is owed. Changes nothing.
 */
export const prepareOrderDeliveryStep = createStep(
  prepareOrderDeliveryStepId,
  async (input: PrepareOrderDeliveryInput, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    const { data: orders } = await query.graph(
      { entity: "order", fields: ORDER_FIELDS, filters: { id: input.order_id } },
      { throwIfKeyNotFound: true }
    )
    const raw = orders[0] as OrderRow
    // The payment_collections fields are the ones getLastPaymentStatus reads.
    const paymentStatus = getLastPaymentStatus(raw as unknown as OrderDetailDTO)
    const order = { ...raw, payment_status: paymentStatus }
    const plan = (skipped: OrderDeliveryPlan["skipped"], lines: GrantLineInput[] = []) =>
      new StepResponse<OrderDeliveryPlan>({ order, skipped, lines })

    const settings = await service.getSettings()
    const items = (order.items ?? []).filter((i): i is OrderItemRow & { variant_id: string } => !!i?.variant_id)
    const variants: VariantRow[] = items.length
      ? (
          await query.graph({
            entity: "product_variant",
            fields: ["id", "digital_assets.id", "digital_assets.max_downloads", "digital_assets.validity_days"],
            filters: { id: [...new Set(items.map((i) => i.variant_id))] },
          })
        ).data
      : []
    const assetsByVariant = new Map(variants.map((v) => [v.id, (v.digital_assets ?? []).flatMap((a) => (a ? [a] : []))]))
    const deliveredAt = new Date()
    const lines: GrantLineInput[] = []
    for (const item of items) {
      for (const asset of assetsByVariant.get(item.variant_id) ?? []) {
        const days = asset.validity_days ?? settings.default_validity_days
        lines.push({
          order_id: order.id,
          line_item_id: item.id,
          asset_id: asset.id,
          // Order quantities come back as BigNumber values.
          quantity: MathBN.convert(item.quantity).toNumber() || 1,
          customer_id: order.customer_id ?? null,
          email: order.email ?? null,
          max_downloads: asset.max_downloads ?? settings.default_max_downloads,
          expires_at: days ? new Date(deliveredAt.getTime() + days * 86_400_000) : null,
          delivered_at: deliveredAt,
        })
      }
    }
    if (!lines.length) return plan("no_digital_items")
    if (order.status === "canceled") return plan("canceled")
    if (!input.force) {
      if (settings.delivery_trigger === "manual") return plan("manual_trigger")
      if (!triggerHolds(settings.delivery_trigger, paymentStatus)) return plan("not_paid")
    }
    return plan(null, lines)
  }
)
