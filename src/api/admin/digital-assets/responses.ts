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
  max_downloads: z.number().int().nullable().describe("overrides the store's default; null: use it"),
  validity_days: z.number().int().nullable().describe("overrides the store's default; null: use it"),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  file_updated_at: nullableDate.describe("when the current file was stored"),
  created_at: isoDate,
  updated_at: isoDate,
}

/** An asset as a variant's files list shows it (GET /admin/digital-delivery/variants/{id}). */
export const AdminVariantDigitalAsset = z.object(AssetFields)

/** An asset with the variants that sell it. */
export const AdminDigitalAsset = z.object({
  ...AssetFields,
  product_variants: z.array(
    z.object({ id: z.string(), title: z.string().nullable(), sku: z.string().nullable(), product_id: z.string() })
  ),
})

export const AdminDigitalAssetResponse = z.object({ digital_asset: AdminDigitalAsset })

export const AdminDigitalAssetList = z.object({
  digital_assets: z.array(AdminDigitalAsset),
  count: z.number().int(),
  offset: z.number().int(),
  limit: z.number().int(),
})

export const AdminDigitalAssetDeleted = deleted("digital_asset")
