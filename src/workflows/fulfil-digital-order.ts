import { Modules, OrderWorkflowEvents } from "@medusajs/framework/utils"
import type { FulfillmentWorkflow } from "@medusajs/framework/types"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  createFulfillmentStep,
  createRemoteLinkStep,
  emitEventStep,
  markOrderFulfillmentAsDeliveredWorkflow,
  registerOrderFulfillmentStep,
} from "@medusajs/medusa/core-flows"
import { planDigitalFulfillmentStep, type PlanDigitalFulfillmentInput } from "./steps/plan-digital-fulfillment"

type CreateFulfillmentAddress = FulfillmentWorkflow.CreateFulfillmentWorkflowInput["delivery_address"]

export const fulfilDigitalOrderWorkflowId = "fulfil-digital-order"

/**
 * Records the delivery of an order's digital lines in Medusa's own terms: one
 * fulfillment on the plugin's `digital` provider holding the digital lines not
 * fulfilled yet, registered on the order and marked delivered. The order then
 * reads "delivered" (digital only) or "partially delivered" (until the
 * merchant ships its physical lines). Medusa's steps compensate each other:
 * a failure deletes the fulfillment and reverts the order's version.
 *
 * Run by `deliver-order` under its per-order lock, after the grants: a rerun
 * finds every digital line fulfilled and creates nothing.
 *
 * The fulfillment is created by Medusa's step, not its `createFulfillmentWorkflow`:
 * that workflow only adds a lookup of the stock location for the provider, and
 * fails when there is none ("StockLocation id not found"). The digital provider
 * needs no location, and a digital-only store often has no warehouse on its
 * sales channel: its fulfillment then has no location (`location_id` "").
 */
export const fulfilDigitalOrderWorkflow = createWorkflow(
  fulfilDigitalOrderWorkflowId,
  (input: PlanDigitalFulfillmentInput) => {
    const { plan, skipped } = planDigitalFulfillmentStep(input)
    const fulfillmentId = when({ plan }, ({ plan }) => !!plan).then(() => {
      const fulfillmentInput = transform({ plan }, ({ plan }) => ({
        location_id: plan!.location_id,
        provider_id: plan!.provider_id,
        requires_shipping: false,
        packed_at: new Date(),
        items: plan!.items.map((i) => ({ ...i })),
        labels: [],
        // The order's shipping address when it has one (Medusa's fulfillments copy it), else none.
        delivery_address: (plan!.delivery_address ?? {}) as CreateFulfillmentAddress,
        order: { id: plan!.order_id },
        metadata: { digital_delivery: true },
      }))
      const fulfillment = createFulfillmentStep(fulfillmentInput)
      const register = transform({ plan, fulfillment }, ({ plan, fulfillment }) => ({
        order_id: plan!.order_id,
        reference: Modules.FULFILLMENT,
        reference_id: fulfillment.id,
        items: plan!.items.map((i) => ({ id: i.line_item_id, quantity: i.quantity })),
      }))
      const link = transform({ plan, fulfillment }, ({ plan, fulfillment }) => [
        { [Modules.ORDER]: { order_id: plan!.order_id }, [Modules.FULFILLMENT]: { fulfillment_id: fulfillment.id } },
      ])
      registerOrderFulfillmentStep(register)
      createRemoteLinkStep(link)
      // Medusa's notifications stay quiet: the buyer already has the delivery email.
      emitEventStep({
        eventName: OrderWorkflowEvents.FULFILLMENT_CREATED,
        data: transform({ plan, fulfillment }, ({ plan, fulfillment }) => ({
          order_id: plan!.order_id,
          fulfillment_id: fulfillment.id,
          no_notification: true,
        })),
      }).config({ name: "emit-digital-fulfillment-created" })
      markOrderFulfillmentAsDeliveredWorkflow.runAsStep({
        input: transform({ plan, fulfillment }, ({ plan, fulfillment }) => ({
          orderId: plan!.order_id,
          fulfillmentId: fulfillment.id,
          no_notification: true,
        })),
      })
      return transform({ fulfillment }, ({ fulfillment }) => fulfillment.id)
    })
    const result = transform({ fulfillmentId, skipped }, ({ fulfillmentId, skipped }) => ({
      fulfillment_id: (fulfillmentId as string | undefined) ?? null,
      skipped,
    }))
    return new WorkflowResponse(result)
  }
)
