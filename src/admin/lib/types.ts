/**
 * Response shapes of the plugin's admin API (see src/api/admin). Types the server
 * declares are imported from the module (type-only: nothing of the server is
 * bundled into the Admin) and turned into their JSON form: dates arrive as ISO strings.
 */
import type {
  DigitalOrderRow,
  DigitalOrderStatusFilter,
  DownloadEventInput,
  GrantListRow,
  GrantTimelineEntry,
  GrantStatus,
} from "../../modules/digital-delivery/types"

export type { GrantStatus }
export type DigitalOrderStatus = DigitalOrderStatusFilter

/** A server type as JSON carries it: Date fields become ISO strings. */
export type Jsonified<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] }

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

/** One download attempt, as recorded (GET /admin/download-grants/:id). */
export type DownloadEvent = Jsonified<Required<Omit<DownloadEventInput, "grant_id" | "bytes_sent">>> & {
  id: string
  /** a big number column: may arrive as a string */
  bytes_sent: number | string | null
}

/** One entry of a grant's history (GET /admin/download-grants/:id/history): a download attempt or an action, with who. */
export type GrantHistoryEntry = Jsonified<GrantTimelineEntry>

export type GrantHistoryPage = { history: GrantHistoryEntry[]; next_cursor: string | null }

/** A grant as toAdminGrant sends it: the list row, its asset, and the link to copy. */
export type DownloadGrant = Jsonified<Omit<GrantListRow, "asset_title" | "asset_filename" | "asset_kind" | "asset_size">> & {
  asset: { id: string; title: string; filename: string; kind: "file" | "external_link"; size: number | null }
  download_url: string
  download_events?: DownloadEvent[]
}

/** A row of the "Digital deliveries" list (toAdminDigitalOrder): usage summed over the order's grants. */
export type DigitalOrder = Jsonified<DigitalOrderRow>

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
  templates: (Partial<Record<EmailLocale, Partial<EmailTemplate>>> & { update?: Partial<Record<EmailLocale, Partial<EmailTemplate>>> | null }) | null
  /** Update emails to past buyers: also to buyers whose links expired; at most this many a minute (null: no limit). */
  update_include_expired?: boolean
  update_emails_per_minute?: number | null
  /** The store on the buyer's hosted pages (null: the Store's own name, no logo, default colours, no contact). */
  store_name?: string | null
  logo_url?: string | null
  accent_color?: string | null
  support_contact?: string | null
}

export type SettingsResponse = {
  settings: DeliverySettings
  /** the Store module's name, shown on the hosted pages while settings.store_name is empty */
  store_name_default?: string | null
  placeholders: Record<string, string>
  locales: EmailLocale[]
  default_templates: Record<EmailLocale, EmailTemplate>
  /** The update email (a new release, to past buyers): its placeholders and default texts. */
  update_placeholders: Record<string, string>
  default_update_templates: Record<EmailLocale, EmailTemplate>
}

export type SettingsInput = Partial<Omit<DeliverySettings, "id" | "templates">> & {
  templates?: (Partial<Record<EmailLocale, EmailTemplate>> & { update?: Partial<Record<EmailLocale, EmailTemplate>> | null }) | null
}

/** Which email a template is: the delivery email, or the update email of a new release. */
export type EmailKind = "delivery" | "update"

export type CampaignStatus = "sending" | "paused" | "cancelled" | "completed"

/** An update campaign, with its recipients counted by status (GET /admin/digital-delivery/update-campaigns). */
export type UpdateCampaign = {
  id: string
  asset_id: string
  /** the file's title (null once the asset is deleted) */
  asset_title: string | null
  version: number
  status: CampaignStatus
  include_expired: boolean
  started_by: string | null
  created_at: string
  completed_at: string | null
  counts: { recipients: number; queued: number; sending: number; sent: number; failed: number; unsubscribed: number; skipped: number }
}

export type CampaignRecipient = {
  id: string
  email: string
  status: string
  attempts: number
  next_attempt_at: string | null
  sent_at: string | null
  last_error: string | null
}

export type EmailPreview = { subject: string; html: string; text: string }

export type BatchAction = "enable" | "disable" | "revoke" | "extend"
