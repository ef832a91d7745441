import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { ADMIN_ASSET_FIELDS } from "../../../../utils/admin-responses"

/** The fields selected below, as Query returns them (links may hold nulls). */
type VariantRow = {
  id: string
  product?: { shipping_profile?: { id: string; name: string } | null } | null
  inventory_items?: ({ inventory?: { requires_shipping?: boolean | null } | null } | null)[] | null
  digital_assets?: (Record<string, unknown> | null)[] | null
}

/**
 * What the variant widget shows: the variant's files and links, and whether
 * its lines need shipping (a shipping profile on the product, or inventory
 * that requires shipping).
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "product_variant",
    fields: [
      "id",
      "manage_inventory",
      "metadata",
      "product.shipping_profile.id",
      "product.shipping_profile.name",
      "inventory_items.inventory.requires_shipping",
      ...ADMIN_ASSET_FIELDS.filter((f) => !f.startsWith("product_variants")).map((f) => `digital_assets.${f}`),
    ],
    filters: { id: req.params.id },
  })
  const variant = data[0] as VariantRow | undefined
  if (!variant) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Variant with id: ${req.params.id} was not found`)
  const profile = variant.product?.shipping_profile ?? null
  const inventoryShips = (variant.inventory_items ?? []).some((i) => i?.inventory?.requires_shipping !== false)
  res.json({
    variant_id: variant.id,
    requires_shipping: !!profile || inventoryShips,
    shipping_profile: profile ? { id: profile.id, name: profile.name } : null,
    digital_assets: (variant.digital_assets ?? []).filter(Boolean),
  })
}
