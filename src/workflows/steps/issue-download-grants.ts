import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"
import type { GrantLineInput } from "../../modules/digital-delivery/types"

export const issueDownloadGrantsStepId = "issue-download-grants"

/** Issues the missing grants (existing ones are kept); the compensation removes only those it created. */
export const issueDownloadGrantsStep = createStep(
  issueDownloadGrantsStepId,
  async (input: { lines: GrantLineInput[] }, { container }) => {
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    const created = await service.issueGrants(input.lines)
    return new StepResponse(created, created.map((g) => g.id))
  },
  async (ids, { container }) => {
    if (!ids?.length) return
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    await service.deleteDownloadGrants(ids)
  }
)
