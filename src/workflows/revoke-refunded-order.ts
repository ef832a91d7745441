import type { OrderDetailDTO } from "@medusajs/framework/types"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { getLastPaymentStatus, useQueryGraphStep } from "@medusajs/medusa/core-flows"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DIGITAL_DELIVERY_MODULE } from "../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../modules/digital-delivery/service"
import { revokeOrderGrantsWorkflow } from "./revoke-order-grants"

export const revokeRefundedOrderWorkflowId = "revoke-refunded-order"

const readRevokeSettingStep = createStep("read-revoke-on-refund-setting", async (_: void, { container }) => {
  const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  return new StepResponse((await service.getSettings()).revoke_on_refund)
})

/**
 * Revokes an order's grants when it is canceled or fully refunded and the store
 * says so (revoke_on_refund, on by default). A partial refund leaves the grants:
 * the merchant revokes single files by hand.
 */
export const revokeRefundedOrderWorkflow = createWorkflow(
  revokeRefundedOrderWorkflowId,
  (input: { order_id: string }) => {
    const enabled = readRevokeSettingStep()
    const { data } = useQueryGraphStep({
      entity: "order",
      fields: ["id", "status", "payment_collections.amount", "payment_collections.captured_amount", "payment_collections.refunded_amount", "payment_collections.status"],
      filters: { id: input.order_id },
    })
    const shouldRevoke = transform({ data, enabled }, ({ data, enabled }) => {
      const order = data[0] as any
      if (!enabled || !order) return false
      return order.status === "canceled" || getLastPaymentStatus(order as OrderDetailDTO) === "refunded"
    })
    const result = when({ shouldRevoke }, ({ shouldRevoke }) => shouldRevoke).then(() =>
      revokeOrderGrantsWorkflow.runAsStep({ input: { order_id: input.order_id } })
    )
    return new WorkflowResponse(transform({ result }, ({ result }) => ({ revoked: result?.revoked ?? [] })))
  }
)
