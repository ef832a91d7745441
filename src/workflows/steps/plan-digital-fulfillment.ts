import type { BigNumberInput } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

export type PlanDigitalFulfillmentInput = {
  order_id: string
  /** The order's lines that carry digital assets (the ones deliver-order issued grants for). */
  line_item_ids: string[]
}

export type DigitalFulfillmentPlan = {
  order_id: string
  provider_id: string
  location_id: string
  items: { line_item_id: string; quantity: number; title: string; sku: string; barcode: string }[]
  delivery_address: Record<string, unknown> | undefined
} | null

export type DigitalFulfillmentSkip = "no_provider" | "nothing_to_fulfil" | "canceled"

export type DigitalFulfillmentPlanResult = { plan: DigitalFulfillmentPlan; skipped: DigitalFulfillmentSkip | null }

type ItemRow = {
  id: string
  title?: string | null
  variant_title?: string | null
  variant_sku?: string | null
  variant_barcode?: string | null
  quantity: BigNumberInput
  requires_shipping?: boolean | null
  detail?: { fulfilled_quantity?: BigNumberInput | null } | null
}

/** The identifier of the plugin's provider (`DigitalFulfillmentProviderService.identifier`). */
export const DIGITAL_PROVIDER_IDENTIFIER = "digital"

export const planDigitalFulfillmentStepId = "plan-digital-fulfillment"

/**
 * Decides what the order's digital fulfillment holds: every digital line that
 * needs no shipping, for the quantity not fulfilled yet (so a second run, or a
 * line the merchant already fulfilled by hand, adds nothing). Reads only.
 */
export const planDigitalFulfillmentStep = createStep(
  planDigitalFulfillmentStepId,
  async (input: PlanDigitalFulfillmentInput, { container }): Promise<StepResponse<DigitalFulfillmentPlanResult>> => {
    const none = (skipped: DigitalFulfillmentSkip) => new StepResponse<DigitalFulfillmentPlanResult>({ plan: null, skipped })
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const fulfillment = container.resolve(Modules.FULFILLMENT)
    // A store that did not register the provider gets no fulfillment (README: "Fulfillment").
    const providers = (await fulfillment.listFulfillmentProviders({})).filter((p) => (p as { is_enabled?: boolean }).is_enabled !== false)
    const provider = providers.find((p) => p.id === `${DIGITAL_PROVIDER_IDENTIFIER}_digital`) ??
      providers.find((p) => p.id.startsWith(`${DIGITAL_PROVIDER_IDENTIFIER}_`))
    if (!provider) return none("no_provider")

    const { data: orders } = await query.graph(
      {
        entity: "order",
        fields: [
          "id",
          "status",
          "sales_channel_id",
          "items.id",
          "items.title",
          "items.variant_title",
          "items.variant_sku",
          "items.variant_barcode",
          "items.quantity",
          "items.requires_shipping",
          // quantity is filled from the item detail, which must be selected for it to appear
          "items.detail.quantity",
          "items.detail.fulfilled_quantity",
          "shipping_address.*",
        ],
        filters: { id: input.order_id },
      },
      { throwIfKeyNotFound: true }
    )
    const order = orders[0] as unknown as {
      id: string
      status: string
      sales_channel_id?: string | null
      items?: (ItemRow | null)[] | null
      shipping_address?: Record<string, unknown> | null
    }
    if (order.status === "canceled") return none("canceled")
    const digital = new Set(input.line_item_ids)
    const items = (order.items ?? []).flatMap((item) => {
      if (!item || !digital.has(item.id) || item.requires_shipping) return []
      const left = MathBN.convert(MathBN.sub(item.quantity, item.detail?.fulfilled_quantity ?? 0)).toNumber()
      if (left <= 0) return []
      return [{
        line_item_id: item.id,
        quantity: left,
        title: item.variant_title ?? item.title ?? "",
        sku: item.variant_sku ?? "",
        barcode: item.variant_barcode ?? "",
      }]
    })
    if (!items.length) return none("nothing_to_fulfil")

    // The sales channel's stock location when it has one; otherwise none (the
    // column is text, not a reference: an empty one hides the Admin's "Location").
    let location_id = ""
    if (order.sales_channel_id) {
      const { data: channels } = await query.graph({
        entity: "sales_channel",
        fields: ["id", "stock_locations.id"],
        filters: { id: order.sales_channel_id },
      })
      const channel = channels[0] as { stock_locations?: ({ id: string } | null)[] | null } | undefined
      const locations = (channel?.stock_locations ?? []).filter((l): l is { id: string } => !!l)
      location_id = locations[0]?.id ?? ""
    }
    const { id: _id, ...address } = order.shipping_address ?? {}
    const plan: DigitalFulfillmentPlan = {
      order_id: order.id,
      provider_id: provider.id,
      location_id,
      items,
      delivery_address: order.shipping_address ? address : undefined,
    }
    return new StepResponse<DigitalFulfillmentPlanResult>({ plan, skipped: null })
  }
)
