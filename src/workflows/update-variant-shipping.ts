import { Modules } from "@medusajs/framework/utils"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  dismissRemoteLinkStep,
  updateInventoryItemsWorkflow,
  updateProductVariantsWorkflow,
} from "@medusajs/medusa/core-flows"
import { planVariantShippingStep } from "./steps"

export const updateVariantShippingWorkflowId = "update-variant-shipping"

/**
 * Marks a variant as (not) requiring shipping, so carts holding only digital
 * variants complete without a shipping method. Its inventory items get
 * `requires_shipping`, and when every variant of the product is shipping-free
 * the product's shipping profile is detached. A product mixing physical and
 * digital variants keeps its profile (reported in `blocking_variant_ids`).
 * The mark is kept in the variant's metadata (`digital_delivery_requires_shipping`).
 */
export const updateVariantShippingWorkflow = createWorkflow(
  updateVariantShippingWorkflowId,
  (input: { variant_id: string; requires_shipping: boolean }) => {
    const plan = planVariantShippingStep(input)
    // The mark itself, on the variant: what decides whether the product's profile may go.
    updateProductVariantsWorkflow.runAsStep({
      input: transform({ plan }, ({ plan }) => ({
        selector: { id: plan.variant_id },
        update: { metadata: plan.metadata },
      })),
    })
    when({ plan }, ({ plan }) => plan.inventory_updates.length > 0).then(() => {
      updateInventoryItemsWorkflow.runAsStep({
        input: transform({ plan }, ({ plan }) => ({ updates: plan.inventory_updates })),
      })
    })
    when({ plan }, ({ plan }) => !!plan.detach_profile_id).then(() => {
      dismissRemoteLinkStep(
        transform({ plan }, ({ plan }) => [
          {
            [Modules.PRODUCT]: { product_id: plan.product_id },
            [Modules.FULFILLMENT]: { shipping_profile_id: plan.detach_profile_id! },
          },
        ])
      )
    })
    return new WorkflowResponse(plan)
  }
)
