import { model } from "@medusajs/framework/utils"
import { DigitalAsset } from "./digital-asset"

/** One stored file of an asset; the newest is the asset's current file. */
export const DigitalAssetVersion = model
  .define("digital_asset_version", {
    id: model.id({ prefix: "dassetv" }).primaryKey(),
    version: model.number(),
    file_id: model.text(),
    filename: model.text(),
    mime_type: model.text(),
    size: model.bigNumber(),
    sha256: model.text().nullable(),
    asset: model.belongsTo(() => DigitalAsset, { mappedBy: "versions" }),
  })
  .indexes([{ on: ["asset_id", "version"], unique: true }])
