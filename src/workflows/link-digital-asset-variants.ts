import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { createRemoteLinkStep, dismissRemoteLinkStep, useQueryGraphStep } from "@medusajs/medusa/core-flows"
import { Modules } from "@medusajs/framework/utils"
import { DIGITAL_DELIVERY_MODULE } from "../modules/digital-delivery"

export type LinkDigitalAssetVariantsInput = { id: string; add?: string[]; remove?: string[] }

export const linkDigitalAssetVariantsWorkflowId = "link-digital-asset-variants"

/** Attaches an asset to product variants and detaches it from others. */
export const linkDigitalAssetVariantsWorkflow = createWorkflow(
  linkDigitalAssetVariantsWorkflowId,
  (input: LinkDigitalAssetVariantsInput) => {
    // Both the asset and the variants must exist (throws NOT_FOUND otherwise).
    useQueryGraphStep({
      entity: "digital_asset",
      fields: ["id"],
      filters: { id: input.id },
      options: { throwIfKeyNotFound: true },
    }).config({ name: "retrieve-digital-asset" })
    const variantIds = transform({ input }, ({ input }) => [...(input.add ?? []), ...(input.remove ?? [])])
    when({ variantIds }, ({ variantIds }) => variantIds.length > 0).then(() => {
      useQueryGraphStep({
        entity: "product_variant",
        fields: ["id"],
        filters: { id: variantIds },
        options: { throwIfKeyNotFound: true },
      }).config({ name: "retrieve-variants" })
    })
    const toLink = transform({ input }, ({ input }) =>
      (input.add ?? []).map((variantId) => ({
        [Modules.PRODUCT]: { product_variant_id: variantId },
        [DIGITAL_DELIVERY_MODULE]: { digital_asset_id: input.id },
      }))
    )
    const toDismiss = transform({ input }, ({ input }) =>
      (input.remove ?? []).map((variantId) => ({
        [Modules.PRODUCT]: { product_variant_id: variantId },
        [DIGITAL_DELIVERY_MODULE]: { digital_asset_id: input.id },
      }))
    )
    dismissRemoteLinkStep(toDismiss)
    createRemoteLinkStep(toLink)
    return new WorkflowResponse(input.id)
  }
)
