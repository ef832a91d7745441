import { z } from "@medusajs/framework/zod"

/**
 * What the Store API answers, as zod schemas: the response half of the OpenAPI
 * document (src/api/openapi) and what the typed client's types are checked
 * against (src/client/__tests__/types.unit.spec.ts). The routes build these
 * shapes; the HTTP spec validates every answer against the document.
 */

const isoDate = z.string().describe("ISO 8601 date-time")
const nullableDate = isoDate.nullable()

export const GRANT_STATUSES = ["active", "disabled", "expired", "exhausted", "revoked"] as const

/** One release of a file: the current one (what the link serves), or an earlier one the merchant keeps downloadable. */
export const StoreRelease = z.object({
  version: z.number().int().describe("the release's number (1, 2, …): ask for an earlier one's link with `release`"),
  label: z.string().nullable().describe("the merchant's label (\"2.1.0\", \"Second edition\"); null: show \"version <version>\""),
  published_at: isoDate,
  size: z.number().int().nullable().describe("bytes"),
  notes: z.string().nullable().describe("release notes, plain text (blank lines separate paragraphs)"),
  notes_html: z
    .string()
    .nullable()
    .describe("the notes as safe HTML: escaped, paragraphs, http(s) URLs as links (nothing else); null without notes"),
})

/** An earlier release of an order's file, with its own short-lived link for the order's logged-in customer. */
export const StoreOrderFileRelease = StoreRelease.extend({
  download_url: z.string().nullable().describe("a short-lived link to this release; only for the order's logged-in customer and an active file"),
})

export const StoreDigitalDownload = z.object({
  id: z.string().describe("the grant's id: ask POST /store/digital-downloads/{id}/link for a link"),
  order_id: z.string(),
  status: z.enum(GRANT_STATUSES),
  downloads_used: z.number().describe("copies sent, rounded down to 2 decimals (an interrupted download counts the part received)"),
  max_downloads: z.number().int().nullable().describe("null: unlimited"),
  remaining_downloads: z.number().int().nullable().describe("whole downloads left; null: unlimited"),
  expires_at: nullableDate,
  delivered_at: nullableDate,
  last_download_at: nullableDate,
  file: z.object({
    title: z.string(),
    filename: z.string(),
    kind: z.enum(["file", "external_link"]),
    size: z.number().int().nullable().describe("bytes; null for external links"),
  }),
  release: StoreRelease.nullable().describe("the release the link serves (the current one); null for external links"),
  earlier_releases: z
    .array(StoreRelease)
    .describe("earlier releases the merchant keeps downloadable, newest first (empty when not kept): POST …/{id}/link with { release: version }"),
})

export const StoreDigitalDownloadList = z.object({
  digital_downloads: z.array(StoreDigitalDownload),
  count: z.number().int(),
  offset: z.number().int(),
  limit: z.number().int(),
})

export const StoreDownloadLink = z.object({
  url: z.string().describe("a link that works for a few minutes (the store's short_link_ttl_minutes)"),
  expires_at: isoDate,
})

export const DELIVERY_STATES = ["none", "awaiting_payment", "processing", "delivered", "canceled"] as const
export const FILE_STATUSES = ["pending", ...GRANT_STATUSES] as const

export const StoreOrderFile = z.object({
  id: z.string().nullable().describe("the grant's id once delivered; null while pending"),
  asset_id: z.string(),
  title: z.string(),
  filename: z.string().describe("the name the file downloads under"),
  format: z.string().nullable().describe("the file name's extension in capitals (PDF, EPUB); null for external links"),
  kind: z.enum(["file", "external_link"]),
  size: z.number().int().nullable().describe("bytes; null for external links"),
  status: z.enum(FILE_STATUSES).describe("pending: not delivered yet (payment awaited)"),
  max_downloads: z.number().int().nullable().describe("null: unlimited"),
  downloads_left: z.number().int().nullable().describe("whole downloads left; null: unlimited"),
  expires_at: nullableDate.describe("null: never, or not delivered yet"),
  download_url: z
    .string()
    .nullable()
    .describe("a short-lived link, only for the logged-in customer who owns the order and an active file; null otherwise"),
  download_url_expires_at: nullableDate,
  release: StoreRelease.nullable().describe("the release the buyer gets (the current one); null for external links"),
  earlier_releases: z.array(StoreOrderFileRelease).describe("earlier releases the merchant keeps downloadable, newest first (empty when not kept)"),
})

export const StoreLicenseKey = z.object({
  id: z.string(),
  line_item_id: z.string(),
  product_variant_id: z.string(),
  unit_index: z.number().int().describe("0-based unit of the line (quantity 3: 0, 1, 2): one key per unit bought"),
  state: z.enum(["active", "pending"]).describe("pending: not issued yet (the merchant's pool is empty); emailed when it is"),
  key: z.string().nullable().describe("the key, for the order's logged-in customer (access: owner) only; null otherwise and while pending"),
})

export const StoreOrderDownloads = z.object({
  order_id: z.string(),
  has_digital_goods: z.boolean(),
  delivery_state: z
    .enum(DELIVERY_STATES)
    .describe(
      "none: no digital goods; awaiting_payment: files are issued once paid (or by the merchant); processing: paid, files being issued (ask again in a few seconds); delivered; canceled"
    ),
  access: z
    .enum(["owner", "anonymous"])
    .describe("owner: the logged-in customer who placed the order (gets links); anonymous: anyone else holding the order id (no links)"),
  can_resend: z.boolean().describe("whether POST …/resend would email links now (delivered, with a file still available)"),
  files: z.array(StoreOrderFile),
  license_keys: z.array(StoreLicenseKey).describe("the order's license keys (revoked ones left out); the keys themselves only for the owner"),
})

export const StoreResendAccepted = z.object({
  accepted: z.literal(true),
  message: z.string().describe("the same text whatever the order: nothing can be learnt from it"),
})

export const StorePreview = z.object({
  id: z.string(),
  title: z.string(),
  filename: z.string().describe("the name it is shown under"),
  mime_type: z.string().describe("audio/wav, application/pdf, video/mp4, image/png…: what to show it with"),
  size: z.number().int().describe("bytes"),
  url: z
    .string()
    .describe("public, no key needed: GET /digital-downloads/previews/{id} (Range for seeking, Cache-Control: public with an ETag); put it in <audio>, <video>, <img> or a link"),
})

export const StoreProductFile = z.object({
  title: z.string(),
  format: z.string().nullable().describe("extension in capitals (PDF, EPUB); null for external links"),
  kind: z.enum(["file", "external_link"]),
  size: z.number().int().nullable().describe("bytes; null for external links"),
  max_downloads: z.number().int().nullable().describe("downloads of this file per unit bought (2 units: twice as many); null: unlimited"),
  validity_days: z.number().int().nullable().describe("days of access from delivery; null: no expiry"),
  previews: z.array(StorePreview).describe("public samples of this file (first pages, a clip), in the merchant's order"),
})

export const StoreProductVariantFacts = z.object({
  variant_id: z.string(),
  title: z.string().nullable(),
  files: z.array(StoreProductFile),
  total_size: z.number().int().nullable().describe("bytes of all files; null when one has no size (external link)"),
  max_downloads: z
    .number()
    .int()
    .nullable()
    .describe("downloads per file and unit bought, the least of its files (each file says its own); null: unlimited"),
  validity_days: z.number().int().nullable().describe("days of access from delivery, the shortest of its files; null: no expiry"),
})

export const StoreProductDigitalFacts = z.object({
  product_id: z.string(),
  has_digital_goods: z.boolean(),
  variants: z.array(StoreProductVariantFacts).describe("the variants that carry files"),
  previews: z.array(StorePreview).describe("public samples of the product as a whole (a trailer, screenshots), in the merchant's order"),
})

/** A refusal: `code` is what a page switches on, `message` is for the buyer (their language). */
export const StoreDenial = z.object({
  code: z.enum([
    "not_found",
    "release_not_found",
    "disabled",
    "expired",
    "revoked",
    "limit_reached",
    "range_not_satisfiable",
    "precondition_failed",
    "storage_unavailable",
    "unstampable",
    "too_many_requests",
    "cross_site_request",
  ]),
  message: z.string(),
})

/** Medusa's own error answer (validation, not found, not allowed, unauthorized). */
export const MedusaErrorBody = z.object({ type: z.string().optional(), message: z.string() }).passthrough()

export type StoreOrderDownloadsBody = z.infer<typeof StoreOrderDownloads>
export type StoreOrderFileBody = z.infer<typeof StoreOrderFile>
export type StoreLicenseKeyBody = z.infer<typeof StoreLicenseKey>
export type StoreProductDigitalFactsBody = z.infer<typeof StoreProductDigitalFacts>
