import { model } from "@medusajs/framework/utils"

/**
 * A public sample of a product or of one of its assets (issue 17): a sample
 * chapter, a 30-second clip, a trailer, a screenshot. Anyone may fetch it at
 * /digital-downloads/previews/:id; it is its own stored file, never a paid
 * one. Exactly one of product_id and asset_id is set (a check constraint).
 * The stored file never changes: a new file is a new preview.
 */
export const DigitalPreview = model
  .define("digital_preview", {
    id: model.id({ prefix: "dprev" }).primaryKey(),
    product_id: model.text().nullable(),
    asset_id: model.text().nullable(),
    title: model.text(),
    // The name it is shown under (Content-Disposition: inline).
    filename: model.text(),
    mime_type: model.text().default("application/octet-stream"),
    size: model.bigNumber(),
    sha256: model.text(),
    // File Module id (the storage key). Internal: never serialized in public answers.
    file_id: model.text(),
    // Order among the previews of the same product or asset (0 first).
    position: model.number().default(0),
    // uploaded: by the merchant; generated: cut from the asset (first pages of a PDF, first seconds of a WAV).
    source: model.enum(["uploaded", "generated"]).default("uploaded"),
  })
  .indexes([{ on: ["product_id"] }, { on: ["asset_id"] }])
