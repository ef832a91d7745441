import { z } from "@medusajs/framework/zod"

const id = (what: string) =>
  z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/, `${what} must be an id (letters, digits, _ and -)`)
const name = z.string().trim().min(1).max(500)

/** GET /admin/digital-previews: a product's previews and/or some assets' previews. */
export const AdminGetDigitalPreviewsParams = z
  .object({
    product_id: id("product_id").optional().describe("the product's own previews"),
    asset_id: z.union([id("asset_id"), z.array(id("asset_id")).max(200)]).optional().describe("previews of these assets"),
  })
  .strict()
  .refine((q) => q.product_id !== undefined || q.asset_id !== undefined, { message: "product_id: give product_id or asset_id", path: ["product_id"] })
export type AdminGetDigitalPreviewsParamsType = z.infer<typeof AdminGetDigitalPreviewsParams>

/** Fields beside the `file` part of POST /admin/digital-previews (multipart: all strings). */
export const AdminCreateDigitalPreviewFields = z
  .object({
    product_id: id("product_id").optional(),
    asset_id: id("asset_id").optional(),
    title: name.optional(),
    filename: name.optional(),
  })
  .strict()
  .refine((f) => !!f.product_id !== !!f.asset_id, { message: "product_id: give either product_id or asset_id (one of them)", path: ["product_id"] })

export const AdminUpdateDigitalPreview = z
  .object({
    title: name.optional(),
    filename: name.optional(),
    position: z.number().int().min(0).max(10_000).optional().describe("0-based place among the owner's previews; the others shift"),
  })
  .strict()
export type AdminUpdateDigitalPreviewType = z.infer<typeof AdminUpdateDigitalPreview>

/** POST /admin/digital-assets/:id/previews: "Make a preview" from a PDF (pages) or a WAV (seconds). */
export const AdminGenerateDigitalPreview = z
  .object({
    pages: z.number().int().min(1).max(50).optional().describe("PDF: the first N pages (default 3)"),
    seconds: z.number().min(1).max(600).optional().describe("WAV: the first N seconds (default 30)"),
    title: name.optional(),
  })
  .strict()
export type AdminGenerateDigitalPreviewType = z.infer<typeof AdminGenerateDigitalPreview>
