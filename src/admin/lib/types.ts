/**
 * Response shapes of the plugin's admin API (see src/api/admin). Types the server
 * declares are imported from the module (type-only: nothing of the server is
 * bundled into the Admin) and turned into their JSON form: dates arrive as ISO strings.
 * The routes' response schemas (responses.ts, openapi.json) are checked against
 * these at compile time (src/api/admin/__tests__/admin-types.unit.spec.ts).
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
  size: number | null
  sha256: string | null
  version: number
  /** buyers may also download the earlier releases */
  keep_earlier_releases: boolean
  /** PDFs: each buyer's copy carries a line naming them on every page */
  stamp_pdf: boolean
  /** the stamped line; null: the default line */
  stamp_template: string | null
  max_downloads: number | null
  validity_days: number | null
  metadata: Record<string, unknown> | null
  file_updated_at: string | null
  created_at: string
  updated_at: string
  /** the file's history: one row per release (the newest is the current file) */
  versions: AssetRelease[]
}

/** One release of a file asset (a digital_asset_version row, without its storage key). */
export type AssetRelease = {
  id: string
  version: number
  version_label: string | null
  release_notes: string | null
  extra_downloads: number
  filename: string
  size: number
  sha256: string | null
  created_at: string
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
  bytes_sent: number | null
}

/** One entry of a grant's history (GET /admin/download-grants/:id/history): a download attempt or an action, with who. */
export type GrantHistoryEntry = Jsonified<GrantTimelineEntry>

export type GrantHistoryPage = { history: GrantHistoryEntry[]; next_cursor: string | null }

/** A grant as toAdminGrant sends it: the list row, its asset, and the link to copy. */
export type DownloadGrant = Jsonified<
  Omit<GrantListRow, "asset_title" | "asset_filename" | "asset_kind" | "asset_size" | "asset_version" | "asset_version_label">
> & {
  asset: {
    id: string
    title: string
    filename: string
    kind: "file" | "external_link"
    size: number | null
    /** the release the buyer gets (the asset's current version) and its label */
    version: number
    version_label: string | null
  }
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
  /** A stamped PDF that cannot be stamped: served as it is, or refused (the merchant is alerted either way). */
  unstampable_pdf?: "serve_unstamped" | "refuse"
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
  /** the file's title (kept after the file is deleted; null if its row is gone) */
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
  status: "queued" | "sending" | "sent" | "failed" | "unsubscribed" | "skipped"
  attempts: number
  next_attempt_at: string | null
  sent_at: string | null
  last_error: string | null
  order_id: string | null
  created_at: string
}

/** A public preview as the Admin API answers it (no storage key). */
export type DigitalPreview = {
  id: string
  product_id: string | null
  asset_id: string | null
  title: string
  filename: string
  mime_type: string
  size: number
  sha256: string
  position: number
  source: "uploaded" | "generated"
  url: string
  created_at: string
  updated_at: string
}

export type EmailPreview = { subject: string; html: string; text: string }

export type BatchAction = "enable" | "disable" | "revoke" | "extend"

/** A license key as the Admin API lists it: masked (the key only from reveal). */
export type LicenseKey = {
  id: string
  order_id: string
  line_item_id: string
  unit_index: number
  generation: number
  variant_id: string
  grant_id: string | null
  email: string | null
  source: "generated" | "pool"
  state: "active" | "revoked" | "pending"
  masked_key: string | null
  issued_at: string | null
  revoked_at: string | null
  created_at: string
  activation_limit: number
  activation_count: number
}

/** A variant's license key source and its pool's counts. */
export type LicenseConfig = {
  variant_id: string
  source: "off" | "generated" | "pool"
  pattern: string
  activation_limit: number
  low_pool_threshold: number
  pool_remaining: number
  pool_pending: number
}

/** The activation API's verification key (Settings). */
export type LicensePublicKey = {
  algorithm: "Ed25519"
  public_key_pem: string
  public_key_base64: string
  verification_example: string
}
