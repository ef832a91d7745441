import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { DIGITAL_DELIVERY_MODULE } from "../../../../modules/digital-delivery"
import { DEFAULT_TEMPLATES, LOCALES } from "../../../../i18n"
import { PLACEHOLDERS } from "../../../../workflows/utils/email-template"
import { UPDATE_PLACEHOLDERS } from "../../../../workflows/utils/update-email-template"
import { DEFAULT_UPDATE_TEMPLATES } from "../../../../i18n"
import type DigitalDeliveryModuleService from "../../../../modules/digital-delivery/service"
import { updateDeliverySettingsWorkflow } from "../../../../workflows/update-delivery-settings"
import type { AdminUpdateDeliverySettingsType } from "./validators"

async function settingsResponse(req: AuthenticatedMedusaRequest) {
  const service = req.scope.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: stores } = await query.graph({ entity: "store", fields: ["name"], pagination: { take: 1 } })
  return {
    settings: await service.getSettings(),
    // The Store module's name: what the hosted pages show while settings.store_name is empty.
    store_name_default: (stores[0] as { name?: string } | undefined)?.name ?? null,
    placeholders: PLACEHOLDERS,
    locales: LOCALES,
    default_templates: DEFAULT_TEMPLATES,
    // The update email (issue 17): its placeholders and default texts (settings.templates.update holds the merchant's).
    update_placeholders: UPDATE_PLACEHOLDERS,
    default_update_templates: DEFAULT_UPDATE_TEMPLATES,
  }
}

/** The store's delivery settings, with the placeholders and default templates the editor needs. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json(await settingsResponse(req))
}

/** Updates the settings. Templates with unknown placeholders are refused (400 naming them). */
export async function POST(req: AuthenticatedMedusaRequest<AdminUpdateDeliverySettingsType>, res: MedusaResponse) {
  await updateDeliverySettingsWorkflow(req.scope).run({ input: req.validatedBody })
  res.json(await settingsResponse(req))
}
