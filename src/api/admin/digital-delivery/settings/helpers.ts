import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { DIGITAL_DELIVERY_MODULE } from "../../../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../../../modules/digital-delivery/service"
import type { EmailTemplate, Locale } from "../../../../i18n"
import { renderUpdateEmailFor } from "../../../../workflows/utils/update-email"
import {
  DELIVERY_ORDER_FIELDS,
  deliveryEmailContext,
  renderForSettings,
  type DeliveryOrder,
  type EmailGrant,
} from "../../../../workflows/utils/delivery-email"

const SAMPLE_ORDER: DeliveryOrder = {
  id: "order_sample",
  display_id: 1001,
  email: "jane@example.com",
  customer: { first_name: "Jane", last_name: "Doe", has_account: false },
}

function sampleGrants(): EmailGrant[] {
  const expires = new Date(Date.now() + 30 * 86_400_000)
  return [
    { id: "dgrant_sample1", token_version: 1, max_downloads: 5, downloads_used: 0, expires_at: expires, asset: { filename: "The Book.pdf", size: 4_718_592 } },
    { id: "dgrant_sample2", token_version: 1, max_downloads: 5, downloads_used: 0, expires_at: expires, asset: { filename: "The Book.epub", size: 2_202_009 } },
  ]
}

/** The keys a preview of a sample order shows for {LICENSEKEYS} (one still waiting for the pool). */
const SAMPLE_LICENSE_KEYS = [
  { label: "Photo Editor Pro", key: "7K2Q-M9XD-4RTB-HW3E" },
  { label: "Photo Editor Pro #2", key: null },
]

/** The release a preview of the update email announces. */
const SAMPLE_RELEASE = {
  asset_id: "dasset_sample",
  product_name: "The Book",
  version: 2,
  version_label: "Second edition",
  release_notes: "Two new chapters and a revised index.\n\nEvery change: https://example.com/the-book/changes",
}

/**
 * Renders the delivery email (`kind` "delivery") for a real order (its
 * current grants) or for a sample order; or the update email of a sample
 * release to that order's buyer.
 */
export async function renderPreview(
  container: MedusaContainer,
  input: { kind?: "delivery" | "update"; locale: Locale; template?: Partial<EmailTemplate>; order_id?: string }
) {
  let order = SAMPLE_ORDER
  let grants = sampleGrants()
  if (input.order_id) {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({ entity: "order", fields: DELIVERY_ORDER_FIELDS, filters: { id: input.order_id } })
    if (!data[0]) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order with id: ${input.order_id} was not found`)
    order = data[0] as DeliveryOrder
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    const [rows] = await service.listGrants({ order_id: input.order_id }, { limit: 500, offset: 0, order: "files" })
    if (rows.length) {
      grants = rows.map((r) => ({ ...r, asset: { filename: r.asset_filename, size: r.asset_size == null ? null : Number(r.asset_size), version: r.asset_version, version_label: r.asset_version_label } }))
    }
  }
  if (input.kind === "update") {
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    const { content } = await renderUpdateEmailFor(container, {
      order,
      grants,
      release: SAMPLE_RELEASE,
      unsubscribe_url: service.unsubscribeUrl("dcrcp_sample"),
      locale: input.locale,
      template: input.template,
    })
    return content
  }
  const { context, settings } = await deliveryEmailContext(container, order, grants, input.locale)
  if (!input.order_id) context.license_keys = SAMPLE_LICENSE_KEYS
  return renderForSettings(context, settings.templates, input.template)
}
