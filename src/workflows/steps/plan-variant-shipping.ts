import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

/** Variant metadata key: false when the merchant marked the variant as not requiring shipping. */
export const REQUIRES_SHIPPING_KEY = "digital_delivery_requires_shipping"

export type VariantShippingPlan = {
  variant_id: string
  product_id: string
  metadata: Record<string, unknown>
  inventory_updates: { id: string; requires_shipping: boolean }[]
  /** The product's shipping profile to detach: every variant of the product is then shipping-free. */
  detach_profile_id: string | null
  /** Variants of the same product not marked shipping-free: they keep the product's profile. */
  blocking_variant_ids: string[]
}

export const planVariantShippingStepId = "plan-variant-shipping"

/** The fields selected below, as Query returns them (links may hold nulls). */
type VariantRow = {
  id: string
  product_id: string
  metadata?: Record<string, unknown> | null
  inventory_items?: ({ inventory?: { id: string } | null } | null)[] | null
  product?: { shipping_profile?: { id: string } | null } | null
}

/**
 * Medusa decides per line item, when it is added to a cart: it requires
 * shipping if its product has a shipping profile or one of its inventory items
 * requires shipping. This step works out what to change for one variant. A
 * product's profile is only detached once every one of its variants was
 * explicitly marked shipping-free, so a physical variant (with or without
 * inventory) never loses its shipping.
 */
export const planVariantShippingStep = createStep(
  planVariantShippingStepId,
  async (input: { variant_id: string; requires_shipping: boolean }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph(
      {
        entity: "product_variant",
        fields: ["id", "product_id", "metadata", "inventory_items.inventory.id", "product.shipping_profile.id"],
        filters: { id: input.variant_id },
      },
      { throwIfKeyNotFound: true }
    )
    const variant = data[0] as VariantRow
    const { data: siblings } = await query.graph({
      entity: "product_variant",
      fields: ["id", "metadata"],
      filters: { product_id: variant.product_id },
    })
    const inventoryUpdates = (variant.inventory_items ?? [])
      .map((i) => i?.inventory?.id)
      .filter((id): id is string => !!id)
      .map((id) => ({ id, requires_shipping: input.requires_shipping }))
    const blocking = input.requires_shipping
      ? []
      : (siblings as Pick<VariantRow, "id" | "metadata">[])
          .filter((v) => v.id !== variant.id && v.metadata?.[REQUIRES_SHIPPING_KEY] !== false)
          .map((v) => v.id)
    const profileId = variant.product?.shipping_profile?.id ?? null
    return new StepResponse<VariantShippingPlan>({
      variant_id: variant.id,
      product_id: variant.product_id,
      metadata: { ...(variant.metadata ?? {}), [REQUIRES_SHIPPING_KEY]: input.requires_shipping },
      inventory_updates: inventoryUpdates,
      detach_profile_id: !input.requires_shipping && profileId && !blocking.length ? profileId : null,
      blocking_variant_ids: blocking,
    })
  }
)
