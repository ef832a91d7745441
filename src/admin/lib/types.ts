/** Response shapes of the plugin's admin API (see src/api/admin). Dates arrive as ISO strings. */

export type GrantStatus = "active" | "disabled" | "expired" | "exhausted" | "revoked"
export type DigitalOrderStatus = GrantStatus | "awaiting_payment" | "suspicious"

export type DigitalAsset = {
  id: string
  title: string
  kind: "file" | "external_link"
  external_url: string | null
  filename: string
  mime_type: string
  size: number | string | null
  sha256: string | null
  version: number
  max_downloads: number | null
  validity_days: number | null
  file_updated_at: string | null
  created_at: string
  updated_at: string
}

export type VariantDigital = {
  variant_id: string
  requires_shipping: boolean
  shipping_profile: { id: string; name: string } | null
  digital_assets: DigitalAsset[]
}

export type ShippingResult = {
  variant_id: string
  requires_shipping: boolean
  shipping_profile_detached: boolean
  blocking_variant_ids: string[]
}

export type DownloadEvent = {
  id: string
  outcome: string
  counted: boolean
  bytes_sent: number | string | null
  range: string | null
  status: number | null
  ip: string | null
  user_agent: string | null
  created_at: string
}

export type DownloadGrant = {
  id: string
  order_id: string
  line_item_id: string
  asset_id: string
  customer_id: string | null
  email: string | null
  max_downloads: number | null
  /** copies sent, 2 decimals (e.g. 1.1) */
  downloads_used: number
  /** bytes sent over the grant's life */
  bytes_sent: number
  expires_at: string | null
  delivered_at: string | null
  revoked_at: string | null
  enabled: boolean
  token_version: number
  first_download_at: string | null
  last_download_at: string | null
  created_at: string
  status: GrantStatus
  asset: { id: string; title: string; filename: string; kind: "file" | "external_link"; size: number | null }
  download_url: string
  download_events?: DownloadEvent[]
}

export type DigitalOrder = {
  order_id: string
  display_id: number | null
  email: string | null
  customer_id: string | null
  payment_status: string | null
  placed_at: string
  delivered_at: string | null
  canceled_at: string | null
  grant_count: number
  /** copies sent over the order's grants, 2 decimals */
  downloads_used: number
  max_downloads: number | null
  expires_at: string | null
  last_download_at: string | null
  active_count: number
  disabled_count: number
  expired_count: number
  exhausted_count: number
  revoked_count: number
}

export type DeliveryEmail = {
  id: string
  to: string
  status: "success" | "pending" | "failure"
  trigger_type: string | null
  created_at: string
}

export type OrderDelivery = {
  digital_order: DigitalOrder | null
  download_grants: DownloadGrant[]
  emails: DeliveryEmail[]
  order_page_url: string | null
}

export type EmailLocale = "en" | "fr" | "pl"
export type EmailTemplate = { subject: string; body: string }

export type DeliverySettings = {
  id: string
  default_max_downloads: number | null
  default_validity_days: number | null
  delivery_trigger: "captured" | "authorized" | "manual"
  revoke_on_refund: boolean
  registered_links: "login" | "direct"
  alert_email: string | null
  storefront_url: string | null
  templates: Partial<Record<EmailLocale, Partial<EmailTemplate>>> | null
}

export type SettingsResponse = {
  settings: DeliverySettings
  placeholders: Record<string, string>
  locales: EmailLocale[]
  default_templates: Record<EmailLocale, EmailTemplate>
}

export type SettingsInput = Partial<Omit<DeliverySettings, "id" | "templates">> & {
  templates?: Partial<Record<EmailLocale, EmailTemplate>> | null
}

export type EmailPreview = { subject: string; html: string; text: string }

export type BatchAction = "enable" | "disable" | "revoke" | "extend"
