import { z } from "@medusajs/framework/zod"
import { createFindParams } from "@medusajs/medusa/api/utils/validators"
import { STAMP_PLACEHOLDERS } from "../../../workflows/utils/stamping/template"

const limit = z.number().int().positive().max(1_000_000).nullable()
const days = z.number().int().positive().max(36_500).nullable()
const name = z.string().trim().min(1).max(500)
/** The stamped line: one line of at most 200 characters with only the known placeholders. */
const stampTemplate = z
  .string()
  .trim()
  .min(1, "stamp_template must not be empty (send null for the default line)")
  .max(200, "stamp_template must be at most 200 characters")
  .refine((t) => !/[\r\n]/.test(t), "stamp_template must be one line")
  .refine((t) => (t.match(/\{[^}]*\}/g) ?? []).every((p) => STAMP_PLACEHOLDERS.includes(p as (typeof STAMP_PLACEHOLDERS)[number])), {
    message: `stamp_template may only use the placeholders ${STAMP_PLACEHOLDERS.join(", ")}`,
  })
const httpUrl = z
  .string()
  .url("external_url: not a valid URL")
  .refine((u) => /^https?:\/\//i.test(u), "external_url must be an http(s) URL")

/** Fields sent beside the `file` part of a multipart upload (all strings on the wire). */
export const AdminCreateFileAssetFields = z
  .object({
    title: name.optional(),
    filename: name.optional(),
    max_downloads: z.coerce.number().int().positive().optional(),
    validity_days: z.coerce.number().int().positive().optional(),
  })
  .strict()

/** A multipart boolean: "true" / "false" (what a checkbox or FormData sends), also "1" / "0". */
const formBoolean = z
  .enum(["true", "false", "1", "0"], { message: "must be true or false" })
  .transform((v) => v === "true" || v === "1")

/**
 * Fields sent beside the `file` part when replacing a file, all optional: the
 * new release's label and notes, whether buyers are emailed about it, and the
 * downloads it adds to every current buyer's limit.
 */
export const AdminReplaceFileFields = z
  .object({
    filename: name.optional(),
    version_label: z.string().trim().max(100, "must be at most 100 characters").optional(),
    release_notes: z.string().max(10_000, "must be at most 10,000 characters").optional(),
    notify: formBoolean.optional(),
    extra_downloads: z
      .string()
      .regex(/^\s*\d+\s*$/, "must be a whole number from 0 to 1000")
      .transform(Number)
      .pipe(z.number().int().min(0).max(1000, "must be a whole number from 0 to 1000"))
      .optional(),
  })
  .strict()
export type AdminReplaceFileFieldsType = z.infer<typeof AdminReplaceFileFields>

export const AdminCreateExternalAsset = z
  .object({
    kind: z.literal("external_link"),
    title: name,
    external_url: httpUrl,
    filename: name.optional(),
    max_downloads: limit.optional(),
    validity_days: days.optional(),
    metadata: z.record(z.string(), z.unknown()).nullable().optional(),
  })
  .strict()
export type AdminCreateExternalAssetType = z.infer<typeof AdminCreateExternalAsset>

export const AdminUpdateDigitalAsset = z
  .object({
    title: name.optional(),
    filename: name.optional(),
    external_url: httpUrl.optional(),
    max_downloads: limit.optional(),
    validity_days: days.optional(),
    keep_earlier_releases: z.boolean().optional().describe("buyers may also download the asset's earlier releases"),
    stamp_pdf: z.boolean().optional().describe("PDFs only: each buyer's copy carries a line with their name on every page"),
    stamp_template: stampTemplate.nullable().optional().describe("the stamped line; null: the default line"),
    metadata: z.record(z.string(), z.unknown()).nullable().optional(),
  })
  .strict()
export type AdminUpdateDigitalAssetType = z.infer<typeof AdminUpdateDigitalAsset>

export const AdminLinkAssetVariants = z
  .object({
    add: z.array(z.string().min(1)).max(500).optional(),
    remove: z.array(z.string().min(1)).max(500).optional(),
  })
  .strict()
export type AdminLinkAssetVariantsType = z.infer<typeof AdminLinkAssetVariants>

export const AdminGetDigitalAssetsParams = createFindParams({ limit: 20, offset: 0 }).extend({
  q: z.string().max(200).optional(),
  kind: z.enum(["file", "external_link"]).optional(),
  id: z.union([z.string(), z.array(z.string())]).optional(),
})
export type AdminGetDigitalAssetsParamsType = z.infer<typeof AdminGetDigitalAssetsParams>
