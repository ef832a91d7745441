/**
 * The Store API's requests and answers, as a storefront codes against them.
 * Written by hand so the client needs nothing of the server; the unit test
 * src/client/__tests__/types.unit.spec.ts fails to compile if one of them
 * drifts from the route's zod schema (src/api/store/digital-downloads/responses.ts),
 * which is also what openapi.json is generated from.
 */

/** A grant's state: what a buyer can do with the file now. */
export type GrantStatus = "active" | "disabled" | "expired" | "exhausted" | "revoked"

/** One release of a file: the one its link serves, or an earlier one the merchant keeps downloadable. */
export type Release = {
  /** 1, 2, …: createDownloadLink(sdk, id, { release: version }) for an earlier one */
  version: number
  /** "2.1.0", "Second edition"; null: show "version <version>" */
  label: string | null
  published_at: string
  /** bytes */
  size: number | null
  /** plain text (blank lines separate paragraphs) */
  notes: string | null
  /** the notes as safe HTML (escaped, paragraphs, http(s) links only) */
  notes_html: string | null
}

/** An earlier release of an order's file, with its own link for the order's logged-in customer. */
export type OrderFileRelease = Release & { download_url: string | null }

/** One file of the logged-in customer's downloads (GET /store/digital-downloads). */
export type DigitalDownload = {
  /** the grant's id: createDownloadLink(sdk, id) */
  id: string
  order_id: string
  status: GrantStatus
  /** copies sent, rounded down to 2 decimals */
  downloads_used: number
  /** null: unlimited */
  max_downloads: number | null
  /** whole downloads left; null: unlimited */
  remaining_downloads: number | null
  expires_at: string | null
  delivered_at: string | null
  last_download_at: string | null
  file: { title: string; filename: string; kind: "file" | "external_link"; size: number | null }
  /** the release the link serves; null for external links */
  release: Release | null
  /** earlier releases the merchant keeps downloadable, newest first */
  earlier_releases: Release[]
}

export type DigitalDownloadList = { digital_downloads: DigitalDownload[]; count: number; offset: number; limit: number }

/** A link that works for a few minutes. */
export type DownloadLink = { url: string; expires_at: string }

/** none: no digital goods; processing: paid, files being issued (ask again shortly). */
export type DeliveryState = "none" | "awaiting_payment" | "processing" | "delivered" | "canceled"

/** One file of an order (GET /store/digital-downloads/orders/:order_id). */
export type OrderFile = {
  /** the grant's id once delivered; null while pending */
  id: string | null
  asset_id: string
  title: string
  filename: string
  /** "PDF", "EPUB"; null for external links */
  format: string | null
  kind: "file" | "external_link"
  /** bytes; null for external links */
  size: number | null
  /** pending: not delivered yet */
  status: "pending" | GrantStatus
  max_downloads: number | null
  downloads_left: number | null
  expires_at: string | null
  /** only for the order's logged-in customer and an active file */
  download_url: string | null
  download_url_expires_at: string | null
  /** the release the buyer gets; null for external links */
  release: Release | null
  /** earlier releases the merchant keeps downloadable, newest first */
  earlier_releases: OrderFileRelease[]
}

export type OrderDownloads = {
  order_id: string
  has_digital_goods: boolean
  delivery_state: DeliveryState
  /** owner: the logged-in customer who placed the order (links included); anonymous: anyone else */
  access: "owner" | "anonymous"
  /** whether resendOrderEmail would send links now */
  can_resend: boolean
  files: OrderFile[]
  /** one per unit bought of a product with license keys (revoked keys left out) */
  license_keys: LicenseKey[]
}

/** A license key of an order: the key for the order's logged-in customer only (null for anyone else, and while pending). */
export type LicenseKey = {
  id: string
  line_item_id: string
  product_variant_id: string
  /** 0-based unit of the line */
  unit_index: number
  /** pending: the merchant's pool is empty; the key is emailed when it is issued */
  state: "active" | "pending"
  key: string | null
}

export type ResendAccepted = { accepted: true; message: string }

/** A public sample (first pages, a clip, a trailer, a screenshot): play or show `url` as it is, no key needed. */
export type Preview = {
  id: string
  title: string
  filename: string
  /** audio/wav, application/pdf, video/mp4, image/png…: what to show it with */
  mime_type: string
  /** bytes */
  size: number
  /** public: Range for seeking, Cache-Control: public with an ETag */
  url: string
}

export type ProductFile = {
  title: string
  format: string | null
  kind: "file" | "external_link"
  size: number | null
  /** per unit bought; null: unlimited */
  max_downloads: number | null
  /** days of access from delivery; null: no expiry */
  validity_days: number | null
  /** public samples of this file, in the merchant's order */
  previews: Preview[]
}

export type ProductVariantFacts = {
  variant_id: string
  title: string | null
  files: ProductFile[]
  /** null when a file has no size (external link) */
  total_size: number | null
  /** the least of its files; null: unlimited */
  max_downloads: number | null
  /** the shortest of its files; null: no expiry */
  validity_days: number | null
}

export type ProductDigitalFacts = {
  product_id: string
  has_digital_goods: boolean
  variants: ProductVariantFacts[]
  /** public samples of the product as a whole (a trailer, screenshots), in the merchant's order */
  previews: Preview[]
}

/** What a download link answers to a HEAD (checkDownloadLink). */
export type LinkCheck = { size: number | null; filename: string | null; content_type: string | null }

/**
 * Why a call did not give its answer; a page switches on it.
 * expired, revoked, limit_reached, disabled: the file's state (the API's refusal codes);
 * not_found: no such order, product, download or link (or not yours);
 * unauthorized: the call needs a logged-in customer; rate_limited: too many requests, wait;
 * invalid_request: a parameter was refused (`message` names it);
 * storage_unavailable: the file cannot be read now; unstampable: a stamped PDF whose copy could not
 * be made, and the store refuses it unstamped; unknown: anything else (`status` says more).
 */
export type FailureReason =
  | "not_found"
  | "unauthorized"
  | "invalid_request"
  | "rate_limited"
  | "expired"
  | "revoked"
  | "limit_reached"
  | "disabled"
  | "storage_unavailable"
  | "unstampable"
  | "unknown"

export type Failure<R extends FailureReason = FailureReason> = { ok: false; reason: R; status: number | null; message: string }
export type Result<T, R extends FailureReason = FailureReason> = { ok: true; data: T } | Failure<R>
