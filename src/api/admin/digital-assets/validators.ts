import { z } from "@medusajs/framework/zod"
import { createFindParams } from "@medusajs/medusa/api/utils/validators"

const limit = z.number().int().positive().max(1_000_000).nullable()
const days = z.number().int().positive().max(36_500).nullable()
const name = z.string().trim().min(1).max(500)
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
