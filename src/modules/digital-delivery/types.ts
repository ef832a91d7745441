export type FileVersionInput = {
  file_id: string
  filename: string
  mime_type: string
  size: number
  sha256?: string | null
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

export type ConsumeResult = {
  grant: {
    id: string
    order_id: string
    token_version: number
    enabled: boolean
    revoked_at: Date | null
    expires_at: Date | null
    max_downloads: number | null
    download_count: number
    last_counted_at: Date | null
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
    file_updated_at: Date | null
  }
  resume_window_minutes: number
  now: Date
  /** true when this request consumed one download */
  counted: boolean
  download_count: number
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
  /** Copies sent, up to 6 decimals. Read it through shownUsage()/downloadsLeft() (a raw numeric may arrive as a string). */
  downloads_used: number
  /** Bytes sent over the grant's life. Read it with Number() (a raw numeric may arrive as a string). */
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
  /** Sum of the grants' downloads_used (copies); the Admin route passes it through shownUsage(). */
  downloads_used: number
  /** null when a grant is unlimited */
  max_downloads: number | null
  expires_at: Date | null
  last_download_at: Date | null
  suspicious: boolean
  active_count: number
  disabled_count: number
  expired_count: number
  exhausted_count: number
  revoked_count: number
}
