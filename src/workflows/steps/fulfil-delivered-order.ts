import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { fulfilDigitalOrderWorkflow } from "../fulfil-digital-order"
import type { PlanDigitalFulfillmentInput } from "./plan-digital-fulfillment"

export type FulfilDeliveredOrderResult = {
  fulfillment_id: string | null
  skipped: string | null
  error?: string
}

export const fulfilDeliveredOrderStepId = "fulfil-delivered-order"

/**
 * Runs `fulfil-digital-order` for an order deliver-order has just delivered.
 * Its failure does not undo the delivery (the buyer has the files and the
 * email): the sub-workflow rolls itself back, the failure is logged and
 * returned, and the next delivery run (Deliver now, a later event) tries again.
 */
export const fulfilDeliveredOrderStep = createStep(
  fulfilDeliveredOrderStepId,
  async (input: PlanDigitalFulfillmentInput, { container }) => {
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    const { result, errors } = await fulfilDigitalOrderWorkflow(container).run({ input, throwOnError: false })
    if (errors?.length) {
      const message = errors.map((e) => e.error?.message ?? String(e.error)).join("; ")
      logger.warn(`digital-delivery: order ${input.order_id} delivered, but its fulfillment was not recorded: ${message}`)
      return new StepResponse<FulfilDeliveredOrderResult>({ fulfillment_id: null, skipped: "error", error: message })
    }
    if (result.skipped === "no_provider") {
      logger.warn(
        `digital-delivery: order ${input.order_id} delivered; no fulfillment recorded because the "digital" fulfillment provider is not registered (README: Fulfillment)`
      )
    }
    return new StepResponse<FulfilDeliveredOrderResult>(result)
  }
)
