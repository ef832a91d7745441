import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { plural } from "../../i18n"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"

/** The merchant reads it in the Admin (English). */
const NOT_REVOKED = { one: "{n} download grant that is not revoked", other: "{n} download grants that are not revoked" }

export const validateDigitalAssetDeletableStepId = "validate-digital-asset-deletable"

/** Refuses to delete an asset that buyers can still download: revoke or detach instead. */
export const validateDigitalAssetDeletableStep = createStep(
  validateDigitalAssetDeletableStepId,
  async (input: { id: string }, { container }) => {
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    await service.retrieveDigitalAsset(input.id, { select: ["id"] })
    const [, active] = await service.listAndCountDownloadGrants(
      { asset_id: input.id, revoked_at: null },
      { take: 1, select: ["id"] }
    )
    if (active > 0) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Digital asset ${input.id} has ${plural("en", active, NOT_REVOKED)}. ` +
          `Detach it from its variants to stop selling it, or revoke the grants first.`
      )
    }
    return new StepResponse(undefined)
  }
)

export const softDeleteDigitalAssetStepId = "soft-delete-digital-asset"

/** Soft-deletes the asset (its stored files are kept); the compensation restores it. */
export const softDeleteDigitalAssetStep = createStep(
  softDeleteDigitalAssetStepId,
  async (input: { id: string }, { container }) => {
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    await service.softDeleteDigitalAssets(input.id)
    return new StepResponse(input.id, input.id)
  },
  async (id, { container }) => {
    if (!id) return
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    await service.restoreDigitalAssets(id)
  }
)
