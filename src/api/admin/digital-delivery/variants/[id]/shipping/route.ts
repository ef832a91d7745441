import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { updateVariantShippingWorkflow } from "../../../../../../workflows/update-variant-shipping"

/** `{ requires_shipping: false }`: the variant's lines need no shipping method at checkout. */
export async function POST(
  req: AuthenticatedMedusaRequest<{ requires_shipping: boolean }>,
  res: MedusaResponse
) {
  const { result } = await updateVariantShippingWorkflow(req.scope).run({
    input: { variant_id: req.params.id, requires_shipping: req.validatedBody.requires_shipping },
  })
  res.json({
    variant_id: result.variant_id,
    requires_shipping: req.validatedBody.requires_shipping,
    shipping_profile_detached: !!result.detach_profile_id,
    blocking_variant_ids: result.blocking_variant_ids,
  })
}
