import { z } from "@medusajs/framework/zod"
import { deleted, isoDate } from "../responses"

/** What the digital-previews routes answer (toAdminPreview): never the storage key. */

export const AdminDigitalPreview = z.object({
  id: z.string(),
  product_id: z.string().nullable().describe("set for a product's own preview"),
  asset_id: z.string().nullable().describe("set for a preview of one of its files"),
  title: z.string(),
  filename: z.string().describe("the name it is shown under (Content-Disposition: inline)"),
  mime_type: z.string(),
  size: z.number().int(),
  sha256: z.string().describe("also its ETag"),
  position: z.number().int().describe("0-based place among its owner's previews"),
  source: z.enum(["uploaded", "generated"]).describe("generated: cut from a PDF (first pages) or a WAV (first seconds)"),
  url: z.string().describe("its public address: GET /digital-downloads/previews/{id}"),
  created_at: isoDate,
  updated_at: isoDate,
})

export const AdminDigitalPreviewResponse = z.object({ digital_preview: AdminDigitalPreview })

export const AdminDigitalPreviewList = z.object({ digital_previews: z.array(AdminDigitalPreview).describe("each owner's in order") })

export const AdminDigitalPreviewDeleted = deleted("digital_preview")
