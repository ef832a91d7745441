import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

export type VariantShippingPlan = {
  variant_id: string
  product_id: string
  inventory_updates: { id: string; requires_shipping: boolean }[]
  /** The product's shipping profile to detach: every variant of the product is then shipping-free. */
  detach_profile_id: string | null
  /** Variants of the same product that still need shipping and keep the product's profile. */
  blocking_variant_ids: string[]
}

export const planVariantShippingStepId = "plan-variant-shipping"

/**
 * Medusa decides per line item, when it is added to a cart: it requires
 * shipping if its product has a shipping profile or one of its inventory items
 * requires shipping. This step works out what to change for one variant.
 */
export const planVariantShippingStep = createStep(
  planVariantShippingStepId,
  async (input: { variant_id: string; requires_shipping: boolean }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph(
      {
        entity: "product_variant",
        fields: [
          "id",
          "product_id",
          "inventory_items.inventory.id",
          "product.shipping_profile.id",
          "product.variants.id",
          "product.variants.manage_inventory",
          "product.variants.inventory_items.inventory.requires_shipping",
        ],
        filters: { id: input.variant_id },
      },
      { throwIfKeyNotFound: true }
    )
    const variant = data[0] as any
    const inventoryUpdates = (variant.inventory_items ?? [])
      .map((i: any) => i?.inventory?.id)
      .filter(Boolean)
      .map((id: string) => ({ id, requires_shipping: input.requires_shipping }))
    const others = (variant.product?.variants ?? []).filter((v: any) => v.id !== variant.id)
    const blocking = input.requires_shipping
      ? []
      : others
          .filter((v: any) => (v.inventory_items ?? []).some((i: any) => i?.inventory?.requires_shipping !== false))
          .map((v: any) => v.id)
    const profileId = variant.product?.shipping_profile?.id ?? null
    return new StepResponse<VariantShippingPlan>({
      variant_id: variant.id,
      product_id: variant.product_id,
      inventory_updates: inventoryUpdates,
      detach_profile_id: !input.requires_shipping && profileId && !blocking.length ? profileId : null,
      blocking_variant_ids: blocking,
    })
  }
)
