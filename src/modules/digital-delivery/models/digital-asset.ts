import { model } from "@medusajs/framework/utils"
import { DigitalAssetVersion } from "./digital-asset-version"

/**
 * Something a buyer can download: a private file kept by the File Module, or an
 * external URL the download route redirects to after its checks.
 */
export const DigitalAsset = model
  .define("digital_asset", {
    id: model.id({ prefix: "dasset" }).primaryKey(),
    title: model.text().searchable(),
    kind: model.enum(["file", "external_link"]).default("file"),
    // File Module id (the storage key). Internal: never serialized in API responses.
    file_id: model.text().nullable(),
    external_url: model.text().nullable(),
    // Customer-facing name, sent in Content-Disposition. Renaming never breaks links.
    filename: model.text().searchable(),
    mime_type: model.text().default("application/octet-stream"),
    size: model.bigNumber().nullable(),
    sha256: model.text().nullable(),
    version: model.number().default(1),
    // When the current file version was stored: the Last-Modified of downloads.
    file_updated_at: model.dateTime().nullable(),
    // Buyers may also download the asset's earlier releases (issue 17).
    keep_earlier_releases: model.boolean().default(false),
    // PDFs only (issue 18): each buyer's copy carries a line on every page and the
    // facts in its metadata; null template = the default line (workflows/utils/stamping).
    stamp_pdf: model.boolean().default(false),
    stamp_template: model.text().nullable(),
    // Per-asset overrides of the store's defaults (null = use the store's value).
    max_downloads: model.number().nullable(),
    validity_days: model.number().nullable(),
    metadata: model.json().nullable(),
    versions: model.hasMany(() => DigitalAssetVersion, { mappedBy: "asset" }),
  })
  .cascades({ delete: ["versions"] })
