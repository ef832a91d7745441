import { model } from "@medusajs/framework/utils"
import { DigitalAsset } from "./digital-asset"

/**
 * One stored file of an asset: a release. The newest is the asset's current
 * file; the label and notes are the merchant's words for it (null on files
 * stored before releases existed), and extra_downloads is what publishing it
 * added to every current buyer's limit.
 */
export const DigitalAssetVersion = model
  .define("digital_asset_version", {
    id: model.id({ prefix: "dassetv" }).primaryKey(),
    version: model.number(),
    file_id: model.text(),
    filename: model.text(),
    mime_type: model.text(),
    size: model.bigNumber(),
    sha256: model.text().nullable(),
    version_label: model.text().nullable(),
    release_notes: model.text().nullable(),
    extra_downloads: model.number().default(0),
    asset: model.belongsTo(() => DigitalAsset, { mappedBy: "versions" }),
  })
  .indexes([{ on: ["asset_id", "version"], unique: true }])
