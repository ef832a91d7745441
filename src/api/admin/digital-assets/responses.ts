import { z } from "@medusajs/framework/zod"
import { deleted, isoDate, nullableDate } from "../responses"

/** What the digital-assets routes answer (ADMIN_ASSET_FIELDS, read with Query): never the storage key. */

const AssetFields = {
  id: z.string(),
  title: z.string(),
  kind: z.enum(["file", "external_link"]),
  external_url: z.string().nullable().describe("the URL an external link redirects to; null for files"),
  filename: z.string().describe("the customer-facing name the file downloads under"),
  mime_type: z.string(),
  size: z.number().int().nullable().describe("bytes; null for external links"),
  sha256: z.string().nullable(),
  version: z.number().int().describe("1, then one more each time the file is replaced"),
  keep_earlier_releases: z.boolean().describe("buyers may also download the earlier releases (?release=N)"),
  stamp_pdf: z.boolean().describe("PDFs: each buyer downloads their own copy with a line naming them on every page"),
  stamp_template: z.string().nullable().describe("the stamped line with {ClientName}, {Email}, {OrderID}, {Date}; null: the default line"),
  max_downloads: z.number().int().nullable().describe("overrides the store's default; null: use it"),
  validity_days: z.number().int().nullable().describe("overrides the store's default; null: use it"),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  file_updated_at: nullableDate.describe("when the current file was stored"),
  created_at: isoDate,
  updated_at: isoDate,
}

/** One release of a file asset (a digital_asset_version row, never its storage key). */
export const AdminAssetRelease = z.object({
  id: z.string(),
  version: z.number().int(),
  version_label: z.string().nullable().describe("free text: 2.1.0, Second edition"),
  release_notes: z.string().nullable().describe("plain text: paragraphs and links"),
  extra_downloads: z.number().int().describe("downloads this release added to every current buyer's limit"),
  filename: z.string(),
  size: z.number().int(),
  sha256: z.string().nullable(),
  created_at: isoDate,
})

const releases = z.array(AdminAssetRelease).describe("the file's history, one row per release (the newest is the current file)")

/** An asset as a variant's files list shows it (GET /admin/digital-delivery/variants/{id}). */
export const AdminVariantDigitalAsset = z.object({ ...AssetFields, versions: releases })

const variants = {
  product_variants: z.array(
    z.object({ id: z.string(), title: z.string().nullable(), sku: z.string().nullable(), product_id: z.string() })
  ),
}

/** An asset with its releases and the variants that sell it. */
export const AdminDigitalAsset = z.object({ ...AssetFields, versions: releases, ...variants })

export const AdminDigitalAssetResponse = z.object({ digital_asset: AdminDigitalAsset })

export const AdminDigitalAssetList = z.object({
  digital_assets: z.array(z.object({ ...AssetFields, ...variants })).describe("without their releases"),
  count: z.number().int(),
  offset: z.number().int(),
  limit: z.number().int(),
})

export const AdminDigitalAssetDeleted = deleted("digital_asset")
