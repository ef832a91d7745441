import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"
import type { GrantListRow } from "../../modules/digital-delivery/types"
import type { EmailTemplate, Locale } from "../../i18n"
import { DELIVERY_ORDER_FIELDS, deliveryEmailContext, type DeliveryOrder, type DeliverySettings, type EmailGrant } from "./delivery-email"
import { renderUpdateEmail, updateTemplateFor, type UpdateEmailContext } from "./update-email-template"

export const UPDATE_EMAIL_TEMPLATE = "digital-delivery.update"

/** The release a campaign announces: its number, label and notes, and the product's name. */
export type ReleaseFacts = { asset_id: string; version: number; version_label: string | null; release_notes: string | null; product_name: string }

/** The release `version` of an asset (its current one when absent), with the name of the product that sells it. */
export async function loadRelease(container: MedusaContainer, assetId: string, version?: number | null): Promise<ReleaseFacts | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "digital_asset",
    fields: ["id", "title", "version", "product_variants.product.title"],
    filters: { id: assetId },
  })
  const asset = data[0] as
    | { id: string; title: string; version: number; product_variants?: ({ product?: { title?: string | null } | null } | null)[] | null }
    | undefined
  if (!asset) return null
  const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const [release] = await service.listDigitalAssetVersions(
    { asset_id: assetId, version: version ?? asset.version },
    { select: ["version", "version_label", "release_notes"] }
  )
  if (!release) return null
  const product = asset.product_variants?.find((v) => v?.product?.title)?.product?.title
  return {
    asset_id: assetId,
    version: release.version,
    version_label: release.version_label ?? null,
    release_notes: release.release_notes ?? null,
    product_name: product || asset.title,
  }
}

export const toEmailGrant = (g: GrantListRow): EmailGrant => ({
  ...g,
  asset: { filename: g.asset_filename, size: g.asset_size == null ? null : Number(g.asset_size) },
})

/** The buyer's order (name, language, order page) as the delivery email reads it; a stub when it is gone. */
export async function loadBuyerOrder(container: MedusaContainer, orderId: string | null, email: string): Promise<DeliveryOrder> {
  if (orderId) {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({ entity: "order", fields: DELIVERY_ORDER_FIELDS, filters: { id: orderId } })
    if (data[0]) return data[0] as DeliveryOrder
  }
  return { id: orderId ?? "order_unknown", email }
}

/** Renders one buyer's update email: their files of the asset with their links, the release, the unsubscribe link. */
export async function renderUpdateEmailFor(
  container: MedusaContainer,
  input: {
    order: DeliveryOrder
    grants: EmailGrant[]
    release: ReleaseFacts
    unsubscribe_url: string
    locale?: Locale
    template?: Partial<EmailTemplate>
    /** The settings already read (once per campaign batch); read now when absent. */
    settings?: DeliverySettings
  }
) {
  const { context, settings } = await deliveryEmailContext(container, input.order, input.grants, input.locale, input.settings)
  const ctx: UpdateEmailContext = {
    ...context,
    product_name: input.release.product_name,
    version: input.release.version,
    version_label: input.release.version_label,
    release_notes: input.release.release_notes,
    unsubscribe_url: input.unsubscribe_url,
  }
  const base = updateTemplateFor(settings.templates, ctx.locale)
  const template = {
    subject: input.template?.subject?.trim() ? input.template.subject : base.subject,
    body: input.template?.body?.trim() ? input.template.body : base.body,
  }
  return { content: renderUpdateEmail(template, ctx), locale: ctx.locale }
}

/** RFC 8058: the headers that let mail clients offer "Unsubscribe" and post it in one click. */
export function unsubscribeHeaders(url: string): Record<string, string> {
  return { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" }
}
