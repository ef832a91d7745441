import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"

export const deleteDownloadGrantsStepId = "delete-download-grants"

/**
 * Soft-deletes grants; their links stop working. The unique index still holds
 * the row, so a later delivery of the same order does not re-issue it.
 */
export const deleteDownloadGrantsStep = createStep(
  deleteDownloadGrantsStepId,
  async (input: { ids: string[] }, { container }) => {
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    await service.softDeleteDownloadGrants(input.ids)
    return new StepResponse(input.ids, input.ids)
  },
  async (ids, { container }) => {
    if (!ids?.length) return
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    await service.restoreDownloadGrants(ids)
  }
)
