import { shownUsage } from "../../modules/digital-delivery/utils/grant-rules"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"
import type { DigitalOrderRow, GrantListRow } from "../../modules/digital-delivery/types"

/** What the Admin routes of several folders answer: a grant, an order of the deliveries list, an asset's fields. */

/**
 * A grant as the admin sees it, with the link to copy (signed for its current
 * token_version). Usage is shown in copies to 2 decimals (shownUsage); the
 * internal reservation (`reserved`, and any `raw_*` column) is never sent.
 */
export function toAdminGrant(service: DigitalDeliveryModuleService, row: GrantListRow) {
  const {
    asset_title,
    asset_filename,
    asset_kind,
    asset_size,
    asset_version,
    asset_version_label,
    reserved: _reserved,
    raw_downloads_used: _rawDownloadsUsed,
    raw_bytes_sent: _rawBytesSent,
    raw_reserved: _rawReserved,
    ...grant
  } = row as GrantListRow & Partial<Record<"reserved" | "raw_downloads_used" | "raw_bytes_sent" | "raw_reserved", unknown>>
  return {
    ...grant,
    downloads_used: shownUsage(row.downloads_used),
    bytes_sent: Number(row.bytes_sent ?? 0),
    asset: {
      id: row.asset_id,
      title: asset_title,
      filename: asset_filename,
      kind: asset_kind,
      size: asset_size == null ? null : Number(asset_size),
      version: asset_version,
      version_label: asset_version_label,
    },
    download_url: service.grantDownloadUrl(row),
  }
}

/** An order row of the "Digital deliveries" list: its usage (sum over its grants) shown like a grant's. */
export function toAdminDigitalOrder(row: DigitalOrderRow): DigitalOrderRow {
  return {
    ...row,
    downloads_used: shownUsage(row.downloads_used),
    ...(row.top_downloads_used != null && { top_downloads_used: shownUsage(row.top_downloads_used) }),
  }
}

/**
 * The asset fields an admin sees. `file_id` (the storage key) is never among
 * them: no response reveals where or under which key a file is stored.
 */
export const ADMIN_ASSET_FIELDS = [
  "id",
  "title",
  "kind",
  "external_url",
  "filename",
  "mime_type",
  "size",
  "sha256",
  "version",
  "keep_earlier_releases",
  "stamp_pdf",
  "stamp_template",
  "max_downloads",
  "validity_days",
  "metadata",
  "file_updated_at",
  "created_at",
  "updated_at",
  // Its releases (file history), never their storage keys.
  "versions.id",
  "versions.version",
  "versions.version_label",
  "versions.release_notes",
  "versions.extra_downloads",
  "versions.filename",
  "versions.size",
  "versions.sha256",
  "versions.created_at",
  "product_variants.id",
  "product_variants.title",
  "product_variants.sku",
  "product_variants.product_id",
]
