/**
 * A Range header's one byte range, before the file's size is known (parsed by
 * api/downloads/range.ts): a first byte with an optional last byte, or a suffix length.
 */
export type RangeSpec = { start: number; end: number | null } | { suffix: number }

export type FileVersionInput = {
  file_id: string
  filename: string
  mime_type: string
  size: number
  sha256?: string | null
}

/** What the merchant says of a new file when publishing it as a release (all optional). */
export type ReleaseInput = {
  /** free text: "2.1.0", "Second edition" */
  version_label?: string | null
  /** plain text: paragraphs (blank lines) and URLs, rendered like the email bodies */
  release_notes?: string | null
  /** downloads added to every current buyer's limit */
  extra_downloads?: number
}

/**
 * One release of an asset as a buyer may see it: the current one, or an
 * earlier one the merchant keeps downloadable. Never its storage key.
 */
export type AssetRelease = {
  asset_id: string
  version: number
  version_label: string | null
  release_notes: string | null
  filename: string
  size: number | null
  published_at: Date
  current: boolean
}

/** A new file asset (createFileAsset); the limits override the store's defaults, null = use them. */
export type FileAssetInput = FileVersionInput & {
  title?: string | null
  max_downloads?: number | null
  validity_days?: number | null
  metadata?: Record<string, unknown> | null
}

/** An asset's file before replaceAssetFile: restoreAssetFile makes it current again. */
export type PreviousAssetFile = {
  file_id: string
  mime_type: string
  size: number
  sha256: string | null
  version: number
  file_updated_at: Date | null
}

export type GrantLineInput = {
  order_id: string
  line_item_id: string
  asset_id: string
  quantity?: number
  customer_id?: string | null
  email?: string | null
  /** Per unit; multiplied by the quantity. null = unlimited. */
  max_downloads?: number | null
  expires_at?: Date | null
  delivered_at?: Date | null
  enabled?: boolean
}

export type IssuedGrant = {
  id: string
  order_id: string
  line_item_id: string
  asset_id: string
  customer_id: string | null
  email: string | null
  max_downloads: number | null
  expires_at: Date | null
  delivered_at: Date | null
  enabled: boolean
  token_version: number
}

export type DownloadOutcome =
  | "served"
  | "resumed"
  | "redirected"
  | "head"
  | "invalid_link"
  | "disabled"
  | "revoked"
  | "expired"
  | "limit_reached"
  | "range_not_satisfiable"
  | "precondition_failed"
  | "storage_error"
  | "aborted"
  | "unstampable"

export type DownloadEventInput = {
  grant_id?: string | null
  outcome: DownloadOutcome
  counted?: boolean
  bytes_sent?: number | null
  range?: string | null
  status?: number | null
  ip?: string | null
  user_agent?: string | null
  created_at?: Date
}

/** What one download request asked for, before anything is sent. */
export type AdmissionInput = {
  grant_id: string
  token_version: number
  /** the request's byte range (null: the whole file) */
  range: RangeSpec | null
  /** false: only read the grant (HEAD, a conditional request's first look) */
  reserve: boolean
  /** charge one whole copy whatever the range (a redirect: the bytes are sent out of sight) */
  whole: boolean
  /** admit only while the asset is at this version (what the preconditions were checked against) */
  expected_version?: number | null
  /** the client's address: recorded on admitted downloads */
  ip?: string | null
  /**
   * An earlier release of the asset (its version number) instead of the
   * current file: served only while the asset keeps earlier releases.
   */
  release?: number | null
}

/** The grant and its file as the admission statement saw them, and what it reserved. */
export type DownloadAdmission = {
  grant: {
    id: string
    token_version: number
    /** its state when the statement ran (utils/grant-rules, decided in SQL) */
    status: GrantStatus
  }
  asset: {
    id: string
    kind: "file" | "external_link"
    file_id: string | null
    external_url: string | null
    filename: string
    mime_type: string
    size: number | null
    sha256: string | null
    version: number
    /** PostgreSQL's text of the timestamp (the hot path parses it only for a Last-Modified header) */
    file_updated_at: string | null
  }
  /** copies reserved by this request (exact decimal text); null when nothing was reserved */
  reservation: string | null
  /** the request asked for a release the asset does not have or does not keep (nothing reserved) */
  release_missing: boolean
  /**
   * A stamped PDF (ADMIT_SQL): `none` not stamped; `ready` the grant's stamped
   * copy is what `asset` describes (its file, size, sha256, date); `missing`
   * no copy yet (nothing reserved); `unstamped` it could not be stamped and is
   * served as it is; `refused` … and the store refuses it (nothing reserved).
   */
  stamp: "none" | "ready" | "missing" | "unstamped" | "refused"
}

/** How a request that reserved ends: what it reserved and what it really sent. */
export type Settlement = {
  grant_id: string
  /** the reservation, as DownloadAdmission.reservation gave it */
  reserved: string
  /** bytes handed to the network */
  bytes: number
  /** size of the file version served (the copies are bytes ÷ size) */
  size: number | null
  /** charge the whole reservation whatever was sent (redirects: the bytes go out of sight) */
  whole: boolean
}

export type GrantStatus = "active" | "disabled" | "expired" | "exhausted" | "revoked"

export type GrantListFilters = {
  id?: string | string[]
  order_id?: string | string[]
  customer_id?: string | string[]
  asset_id?: string | string[]
  line_item_id?: string | string[]
  email?: string
  status?: GrantStatus[]
  q?: string
}

export type GrantListRow = IssuedGrant & {
  revoked_at: Date | null
  /** copies used (exact) */
  downloads_used: number
  bytes_sent: number
  first_download_at: Date | null
  last_download_at: Date | null
  created_at: Date
  updated_at: Date
  asset_title: string
  asset_filename: string
  asset_kind: "file" | "external_link"
  /** numeric column: PostgreSQL sends it as a string */
  asset_size: string | number | null
  /** the asset's current version (its current release) */
  asset_version: number
  /** the merchant's label of the current release, if any */
  asset_version_label: string | null
  status: GrantStatus
  ip_changes: number
  suspicious: boolean
}

export type DigitalOrderStatusFilter = GrantStatus | "awaiting_payment" | "suspicious"

export type DigitalOrderFilters = {
  order_id?: string
  customer_id?: string
  status?: DigitalOrderStatusFilter[]
  /** email (part of it), order number (`1042` or `#1042`) or order id */
  q?: string
}

export type DigitalOrderRow = {
  order_id: string
  display_id: number | null
  email: string | null
  customer_id: string | null
  payment_status: string | null
  placed_at: Date
  delivered_at: Date | null
  canceled_at: Date | null
  /** The order page link's version (see DigitalOrder.link_version). */
  link_version: number
  grant_count: number
  /** copies used, summed over the order's grants */
  downloads_used: number
  /** null when a grant is unlimited (summed over the order's grants) */
  max_downloads: number | null
  /**
   * "Next expiry": the earliest expiry ahead among the grants not revoked; the
   * last one when all have passed; null when one never expires first, or all are revoked.
   */
  expires_at: Date | null
  /** grants not revoked */
  live_count: number
  /** The most used grant not revoked (the largest share of its limit; unlimited ones after): its copies used and limit. Null when all are revoked. */
  top_downloads_used: number | null
  top_max_downloads: number | null
  last_download_at: Date | null
  suspicious: boolean
  active_count: number
  disabled_count: number
  expired_count: number
  exhausted_count: number
  revoked_count: number
}

/** Who took an action on a grant: an Admin user (with the email they had then), a secret API key, or the plugin itself. */
export type ActivityActor =
  | { type: "user"; id: string; email?: string | null }
  | { type: "api-key"; id: string }
  | { type: "system" }

export type GrantActivityAction =
  | "enabled"
  | "disabled"
  | "usage_reset"
  | "limit_changed"
  | "expiry_changed"
  | "link_regenerated"
  | "license_key_revealed"
  | "license_key_revoked"
  | "license_key_replaced"
  | "revoked"
  | "email_sent"
  | "issued"

/** One entry of a grant's story besides its downloads. */
export type GrantActivityInput = {
  grant_id: string
  order_id?: string | null
  action: GrantActivityAction
  actor: ActivityActor
  /** the value before and after, where one changed (limit, expiry, usage, enabled) */
  change?: { from: unknown; to: unknown } | null
  details?: Record<string, unknown> | null
}

/** One row of a grant's history: a download attempt or an action, newest first. */
export type GrantTimelineEntry =
  | {
      kind: "download"
      id: string
      created_at: Date
      outcome: DownloadOutcome
      counted: boolean
      bytes_sent: number | null
      range: string | null
      status: number | null
      ip: string | null
      user_agent: string | null
    }
  | {
      kind: "activity"
      id: string
      created_at: Date
      action: GrantActivityAction
      actor_type: ActivityActor["type"]
      actor_id: string | null
      actor_email: string | null
      change: { from: unknown; to: unknown } | null
      details: Record<string, unknown> | null
    }

/** A new preview (createPreview): its stored file and its owner, a product or one asset (exactly one). */
export type PreviewInput = {
  product_id?: string | null
  asset_id?: string | null
  title: string
  filename: string
  mime_type: string
  size: number
  sha256: string
  file_id: string
  source: "uploaded" | "generated"
}
