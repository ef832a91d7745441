import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"

export const listOrderGrantIdsStepId = "list-order-grant-ids"

/** The ids of an order's grants that are not revoked yet. */
export const listOrderGrantIdsStep = createStep(
  listOrderGrantIdsStepId,
  async (input: { order_id: string }, { container }) => {
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    const grants = await service.listDownloadGrants(
      { order_id: input.order_id, revoked_at: null },
      { select: ["id"] }
    )
    return new StepResponse(grants.map((g) => g.id))
  }
)
