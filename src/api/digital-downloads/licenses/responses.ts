import { z } from "@medusajs/framework/zod"

/** What the activation API answers (signed): the key's state, limit and activations. */
export const LicenseStatusSchema = z.object({
  id: z.string(),
  state: z.enum(["active", "revoked"]),
  product_variant_id: z.string(),
  limit: z.number().int().describe("how many instances may be active at once"),
  activations: z.array(z.object({ instance: z.string(), activated_at: z.string() })),
})

export const LicenseAnswer = z.object({
  license: LicenseStatusSchema.describe("a copy of payload's license, for convenience: trust only the signed payload"),
  result: z
    .enum(["activated", "already_active", "deactivated", "not_active", "valid", "limit_reached", "revoked"])
    .describe("what this request came to (also in the payload)"),
  payload: z.string().describe("the exact JSON text signed: { license, result, instance, issued_at }"),
  signature: z.string().describe("base64 Ed25519 signature of payload's UTF-8 bytes"),
  algorithm: z.literal("Ed25519"),
})

export const LicenseNotFound = z.object({ code: z.literal("not_found"), message: z.string() })
