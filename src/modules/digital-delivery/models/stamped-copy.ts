import { model } from "@medusajs/framework/utils"

/**
 * A buyer's own copy of a stamped PDF (issue 18): one per grant and release
 * of the asset, made at the grant's first download and kept privately by the
 * File Module. Downloads of the grant serve it instead of the asset's file
 * (metered by its size, its own ETag from its sha256). `failed`: the PDF
 * could not be stamped (encrypted, damaged); the store's `unstampable_pdf`
 * setting then decides, and the merchant was alerted once.
 */
export const StampedCopy = model
  .define("stamped_copy", {
    id: model.id({ prefix: "dstamp" }).primaryKey(),
    grant_id: model.text(),
    asset_id: model.text(),
    // The asset version (release) this copy was stamped from.
    version: model.number(),
    status: model.enum(["ready", "failed"]).default("ready"),
    // File Module id (the storage key). Internal: never serialized in API responses.
    file_id: model.text().nullable(),
    size: model.bigNumber().nullable(),
    sha256: model.text().nullable(),
    pages: model.number().nullable(),
    // encrypted | damaged | too_large | timeout, and what pdf-lib said (no path, no key)
    failure: model.text().nullable(),
  })
  .indexes([{ on: ["grant_id", "version"], unique: true }, { on: ["asset_id", "version"] }])
