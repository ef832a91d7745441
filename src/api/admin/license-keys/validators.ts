import { z } from "@medusajs/framework/zod"
import { patternProblem } from "../../../modules/digital-delivery/utils/license-crypto"

export const AdminUpdateLicenseConfig = z
  .object({
    source: z.enum(["off", "generated", "pool"]).optional(),
    pattern: z
      .string()
      .trim()
      .superRefine((v, ctx) => {
        const problem = patternProblem(v)
        if (problem) ctx.addIssue({ code: "custom", message: problem })
      })
      .optional(),
    activation_limit: z.number().int().min(1).max(100_000).optional(),
    low_pool_threshold: z.number().int().min(0).max(1_000_000).optional(),
  })
  .strict()
export type AdminUpdateLicenseConfigType = z.infer<typeof AdminUpdateLicenseConfig>

/** At most this many keys per upload (larger pools: several uploads). */
export const MAX_POOL_UPLOAD = 50_000

export const AdminUploadLicensePool = z
  .object({
    keys: z
      .string()
      .min(1, "is required")
      .max(5 * 1024 * 1024, "must be at most 5 MB (upload larger pools in parts)")
      .describe("one key per line, or CSV whose first column is the key (a header line key/license_key is skipped)"),
  })
  .strict()
export type AdminUploadLicensePoolType = z.infer<typeof AdminUploadLicensePool>
