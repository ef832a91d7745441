import { z } from "@medusajs/framework/zod"

const STATUSES = ["active", "disabled", "expired", "exhausted", "revoked"] as const
const idOrIds = z.union([z.string().min(1), z.array(z.string().min(1)).max(500)])

export const AdminGetDownloadGrantsParams = z
  .object({
    order_id: idOrIds.optional(),
    customer_id: idOrIds.optional(),
    asset_id: idOrIds.optional(),
    email: z.string().max(320).optional(),
    status: z
      .union([z.enum(STATUSES), z.array(z.enum(STATUSES))])
      .transform((s) => (Array.isArray(s) ? s : [s]))
      .optional(),
    q: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(20),
    offset: z.coerce.number().int().min(0).default(0),
    /** The previous page's `next_cursor`: the page after it (instead of an offset). */
    cursor: z.string().max(1000).optional(),
    order: z.string().max(50).optional(),
  })
  .strict()
  .refine((query) => !(query.cursor && query.offset), {
    message: "pass either cursor (the next page) or offset, not both",
    path: ["cursor"],
  })
export type AdminGetDownloadGrantsParamsType = z.infer<typeof AdminGetDownloadGrantsParams>

export const AdminUpdateDownloadGrant = z
  .object({
    enabled: z.boolean().optional(),
    max_downloads: z.number().int().positive().max(1_000_000).nullable().optional(),
    /** Only 0 is accepted: the merchant resets the usage, never sets it. */
    downloads_used: z.literal(0).optional(),
    /** The name before byte metering (issue 12), still accepted: 0 resets the usage like `downloads_used: 0`. */
    download_count: z.literal(0).optional(),
    expires_at: z.coerce.date().nullable().optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, {
    message: "send at least one of enabled, max_downloads, downloads_used (or download_count), expires_at",
  })
export type AdminUpdateDownloadGrantType = z.infer<typeof AdminUpdateDownloadGrant>
