import { z } from "@medusajs/framework/zod"
import { LOCALES } from "../../../i18n"
import { AdminVariantDigitalAsset } from "../digital-assets/responses"
import { cursorPage, isoDate, nullableDate } from "../responses"

/** What the digital-delivery routes answer: settings and their email templates, the variant widget, the deliveries list. */

const Template = z.object({ subject: z.string(), body: z.string() })
const TemplateDraft = z.object({ subject: z.string().optional(), body: z.string().optional() })
const perLocale = <T extends z.ZodType>(template: T) =>
  z.object(Object.fromEntries(LOCALES.map((l) => [l, template.optional()])) as Record<(typeof LOCALES)[number], z.ZodOptional<T>>)

export const AdminDeliverySettings = z.object({
  id: z.string(),
  default_max_downloads: z.number().int().nullable().describe("null: unlimited"),
  default_validity_days: z.number().int().nullable().describe("null: no expiry"),
  delivery_trigger: z.enum(["captured", "authorized", "manual"]),
  revoke_on_refund: z.boolean(),
  registered_links: z.enum(["login", "direct"]),
  alert_email: z.string().nullable(),
  storefront_url: z.string().nullable(),
  store_name: z.string().nullable(),
  logo_url: z.string().nullable(),
  accent_color: z.string().nullable(),
  support_contact: z.string().nullable(),
  templates: perLocale(TemplateDraft)
    .extend({ update: perLocale(TemplateDraft).nullable().optional().describe("the update email (a new release, to past buyers) per locale") })
    .nullable()
    .describe("the merchant's delivery email per locale, and `update`; null or missing: the default"),
  update_include_expired: z.boolean().describe("update emails also go to buyers whose links expired"),
  update_emails_per_minute: z.number().int().nullable().describe("the update emails' throttle; null: no limit"),
  unstampable_pdf: z
    .enum(["serve_unstamped", "refuse"])
    .describe("a stamped PDF that cannot be stamped (encrypted, damaged): served as it is, or refused; the merchant is alerted either way"),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  created_at: isoDate,
  updated_at: isoDate,
  deleted_at: nullableDate,
})

export const AdminDeliverySettingsResponse = z.object({
  settings: AdminDeliverySettings,
  store_name_default: z.string().nullable().describe("the Store module's name: what the hosted pages show while settings.store_name is empty"),
  placeholders: z.record(z.string(), z.string()).describe("each placeholder ({OrderID} without braces) and what it becomes"),
  locales: z.array(z.enum(LOCALES)),
  default_templates: z.record(z.enum(LOCALES), Template),
  update_placeholders: z.record(z.string(), z.string()).describe("the update email's placeholders and what each becomes"),
  default_update_templates: z.record(z.enum(LOCALES), Template),
})

export const AdminDeliveryEmailPreview = z.object({
  preview: z.object({ subject: z.string(), html: z.string(), text: z.string() }),
})

export const AdminTestEmailSent = z.object({
  email: z.object({ status: z.literal("sent"), notification_id: z.string().optional(), to: z.string() }),
})

export const AdminVariantDigital = z.object({
  variant_id: z.string(),
  requires_shipping: z.boolean().describe("a shipping profile on the product, or inventory that requires shipping"),
  shipping_profile: z.object({ id: z.string(), name: z.string() }).nullable(),
  digital_assets: z.array(AdminVariantDigitalAsset),
})

export const AdminVariantShippingResult = z.object({
  variant_id: z.string(),
  requires_shipping: z.boolean(),
  shipping_profile_detached: z.boolean().describe("the product's shipping profile was removed"),
  blocking_variant_ids: z.array(z.string()).describe("variants of the product that still ship, so the profile stays"),
})

/** A row of the "Digital deliveries" list: an order with digital goods, its grants summed up. */
export const AdminDigitalOrder = z.object({
  order_id: z.string(),
  display_id: z.number().int().nullable(),
  email: z.string().nullable(),
  customer_id: z.string().nullable(),
  payment_status: z.string().nullable(),
  placed_at: isoDate,
  delivered_at: nullableDate,
  canceled_at: nullableDate,
  link_version: z.number().int().describe("the order page link's version, bumped by regenerate-links"),
  grant_count: z.number().int(),
  downloads_used: z.number().describe("copies used, summed over the order's grants"),
  max_downloads: z.number().int().nullable().describe("summed over the grants; null when one is unlimited"),
  expires_at: nullableDate.describe("the next expiry among the grants not revoked"),
  live_count: z.number().int().describe("grants not revoked"),
  top_downloads_used: z.number().nullable().describe("the most used grant not revoked: its copies used"),
  top_max_downloads: z.number().int().nullable(),
  last_download_at: nullableDate,
  suspicious: z.boolean().describe("a grant of the order looks shared"),
  active_count: z.number().int(),
  disabled_count: z.number().int(),
  expired_count: z.number().int(),
  exhausted_count: z.number().int(),
  revoked_count: z.number().int(),
})

export const AdminDigitalOrderList = z.object({ digital_orders: z.array(AdminDigitalOrder), ...cursorPage })

export const AdminBatchResult = z.object({ updated: z.number().int().describe("grants changed") })
