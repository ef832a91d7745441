import type { MedusaContainer } from "@medusajs/framework/types"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import { downloadsLeft, grantStatus } from "../../modules/digital-delivery/utils/grant-rules"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"
import { LICENSE_WORDS, pickLocale, type EmailTemplate, type Locale } from "../../i18n"
import { renderDeliveryEmail, templateFor, type EmailContext, type EmailLicenseKey, type EmailTemplates } from "./email-template"
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
  // what {LICENSEKEYS} names each key by
  "items.id",
  "items.product_title",
  "items.variant_title",
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
  items?: ({ id: string; product_title?: string | null; variant_title?: string | null } | null)[] | null
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

/**
 * The order's license keys as the buyer reads them, named after their line
 * ("Photo Editor Pro — Lifetime #2" when a line has several units); `only`:
 * these keys (the late-keys email).
 */
export async function buyerLicenseKeys(
  container: MedusaContainer,
  order: Pick<DeliveryOrder, "id" | "items">,
  locale: Locale,
  only?: string[]
): Promise<EmailLicenseKey[]> {
  const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const keys = await service.withLicenseManager((ctx) => service.licenseKeys.forBuyer(order.id, ctx, only))
  const items = new Map((order.items ?? []).flatMap((i) => (i ? [[i.id, i] as const] : [])))
  const units = new Map<string, number>()
  for (const k of keys) units.set(k.line_item_id, (units.get(k.line_item_id) ?? 0) + 1)
  return keys.map((k) => {
    const item = items.get(k.line_item_id)
    const name = [item?.product_title, item?.variant_title && item.variant_title !== "Default variant" ? item.variant_title : null].filter(Boolean).join(" — ")
    const unit = (units.get(k.line_item_id) ?? 1) > 1 ? ` ${LICENSE_WORDS[locale].unitN.replace("{n}", String(k.unit_index + 1))}` : ""
    return { label: `${name || LICENSE_WORDS[locale].licenseKeys}${unit}`, key: k.key }
  })
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
  const locale = localeOverride ?? pickLocale(order.locale)
  const directLinks = !registered || settings.registered_links === "direct"
  const context: EmailContext = {
    locale,
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
    license_keys: await buyerLicenseKeys(container, order, locale),
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
