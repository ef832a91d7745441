import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"
import { forgetStoreIdentity } from "../utils/store-identity"

export type UpdateDeliverySettingsInput = {
  default_max_downloads?: number | null
  default_validity_days?: number | null
  delivery_trigger?: "captured" | "authorized" | "manual"
  revoke_on_refund?: boolean
  registered_links?: "login" | "direct"
  alert_email?: string | null
  storefront_url?: string | null
  templates?: Record<string, unknown> | null
  update_include_expired?: boolean
  update_emails_per_minute?: number | null
  unstampable_pdf?: "serve_unstamped" | "refuse"
  store_name?: string | null
  logo_url?: string | null
  accent_color?: string | null
  support_contact?: string | null
}

export const updateDeliverySettingsStepId = "update-delivery-settings"

/** Changes the store's delivery settings; the compensation restores the previous values. */
export const updateDeliverySettingsStep = createStep(
  updateDeliverySettingsStepId,
  async (input: UpdateDeliverySettingsInput, { container }) => {
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    const current = await service.getSettings()
    // Templates saved without `update` keep the saved update email (the delivery editor sends only its own).
    const saved = current.templates as Record<string, unknown> | null
    if (input.templates && !("update" in input.templates) && saved?.update) {
      input = { ...input, templates: { ...input.templates, update: saved.update } }
    }
    const before = Object.fromEntries(
      Object.keys(input).map((key) => [key, (current as Record<string, unknown>)[key]])
    )
    const updated = await service.updateDeliverySettings({ id: current.id, ...input })
    // The hosted pages show the new store name, logo and contact from the next request on.
    forgetStoreIdentity()
    return new StepResponse(updated, { id: current.id, ...before })
  },
  async (before, { container }) => {
    if (!before) return
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    await service.updateDeliverySettings(before)
    forgetStoreIdentity()
  }
)
