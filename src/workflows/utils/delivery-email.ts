import type { MedusaContainer } from "@medusajs/framework/types"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import { downloadsLeft, grantStatus } from "../../modules/digital-delivery/utils/grant-rules"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"
import { pickLocale, type EmailTemplate, type Locale } from "../../i18n"
import { renderDeliveryEmail, templateFor, type EmailContext, type EmailTemplates } from "./email-template"
import { loadStoreIdentity } from "./store-identity"

export const DELIVERY_EMAIL_TEMPLATE = "digital-delivery.delivery"

/** The order facts the delivery email needs. */
export const DELIVERY_ORDER_FIELDS = [
  "id",
  "display_id",
  "email",
  "locale",
  "customer_id",
  "customer.first_name",
  "customer.last_name",
  "customer.has_account",
  "billing_address.first_name",
  "billing_address.last_name",
  "shipping_address.first_name",
  "shipping_address.last_name",
]

export type DeliveryOrder = {
  id: string
  display_id?: number | string | null
  email?: string | null
  locale?: string | null
  customer_id?: string | null
  customer?: { first_name?: string | null; last_name?: string | null; has_account?: boolean | null } | null
  billing_address?: { first_name?: string | null; last_name?: string | null } | null
  shipping_address?: { first_name?: string | null; last_name?: string | null } | null
}

export type EmailGrant = {
  id: string
  token_version: number
  max_downloads: number | null
  /** copies sent, fractional (byte metering) */
  downloads_used: number | string
  expires_at: Date | string | null
  revoked_at?: Date | string | null
  /** absent = enabled */
  enabled?: boolean
  /** `version`/`version_label`: the current release (named in {DLFILES} when labelled or past the first) */
  asset: { filename: string; size: number | null; version?: number | null; version_label?: string | null }
}

/** The release {DLFILES} names after a file: a labelled one, or any after the first ("version 2"); a first unlabelled file is not named. */
export function emailVersion(asset: EmailGrant["asset"]): { label: string | null; number: number } | null {
  const number = Number(asset.version ?? 1)
  const label = asset.version_label?.trim() || null
  return label || number > 1 ? { label, number } : null
}

export function isRegistered(order: DeliveryOrder): boolean {
  return !!(order.customer_id && order.customer?.has_account)
}

/** The buyer's name as the order knows it (customer, billing, shipping), else the order's email. */
export function clientName(order: DeliveryOrder): string {
  for (const source of [order.customer, order.billing_address, order.shipping_address]) {
    const name = [source?.first_name, source?.last_name].filter(Boolean).join(" ").trim()
    if (name) return name
  }
  return order.email ?? ""
}

/** The store's settings row, as the module service reads it. */
export type DeliverySettings = Awaited<ReturnType<DigitalDeliveryModuleService["getSettings"]>>

/**
 * Everything the template needs for one order: links are signed for the
 * grants' current token versions; registered customers get no secret in the
 * email (their files are behind the library login) unless the store says so.
 */
export async function deliveryEmailContext(
  container: MedusaContainer,
  order: DeliveryOrder,
  grants: EmailGrant[],
  localeOverride?: Locale,
  /** The settings already read (a campaign batch reads them once for all its emails); read now when absent. */
  loadedSettings?: DeliverySettings
): Promise<{ context: EmailContext; settings: DeliverySettings }> {
  const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const settings = loadedSettings ?? (await service.getSettings())
  const registered = isRegistered(order)
  const directLinks = !registered || settings.registered_links === "direct"
  const context: EmailContext = {
    locale: localeOverride ?? pickLocale(order.locale),
    order_display_id: order.display_id != null ? `#${order.display_id}` : order.id,
    client_name: clientName(order),
    email: order.email ?? "",
    store_name: (await loadStoreIdentity(container)).name,
    library_url: registered
      ? service.libraryUrl(settings.storefront_url)
      : service.orderPageUrl(order.id, await service.orderLinkVersion(order.id)),
    library_kind: registered ? "library" : "order",
    files: grants
      .filter((g) => !g.revoked_at)
      .map((g) => ({
        name: g.asset.filename,
        size: g.asset.size == null ? null : Number(g.asset.size),
        url: directLinks ? service.grantDownloadUrl(g) : null,
        max_downloads: g.max_downloads,
        remaining: downloadsLeft(g),
        expires_at: g.expires_at ? new Date(g.expires_at) : null,
        // Used up, expired or disabled: no link in the email, and it says why.
        status: grantStatus({ ...g, enabled: g.enabled ?? true }),
        version: emailVersion(g.asset),
      })),
  }
  return { context, settings }
}

export function renderForSettings(
  context: EmailContext,
  templates: unknown,
  override?: Partial<EmailTemplate>
) {
  const base = templateFor(templates as EmailTemplates | null, context.locale)
  return renderDeliveryEmail(
    {
      subject: override?.subject?.trim() ? override.subject : base.subject,
      body: override?.body?.trim() ? override.body : base.body,
    },
    context
  )
}
