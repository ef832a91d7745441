import { z } from "@medusajs/framework/zod"
import { isoDate, nullableDate } from "../responses"

/** What the license-key routes answer: keys masked (the key itself only from `reveal`), never a ciphertext or hash. */

export const AdminLicenseKey = z.object({
  id: z.string(),
  order_id: z.string(),
  line_item_id: z.string(),
  unit_index: z.number().int().describe("0-based unit of the line (quantity 3: 0, 1, 2)"),
  generation: z.number().int().describe("1, then 2… for each replacement of the unit's key"),
  variant_id: z.string(),
  grant_id: z.string().nullable().describe("the line's first grant (its history records reveals, revocations and replacements)"),
  email: z.string().nullable(),
  source: z.enum(["generated", "pool"]),
  state: z.enum(["active", "revoked", "pending"]).describe("pending: the pool was empty; issued and emailed when keys are uploaded"),
  masked_key: z.string().nullable().describe("the last four characters (••••-7K2Q); null while pending"),
  issued_at: nullableDate,
  revoked_at: nullableDate,
  created_at: isoDate,
  activation_limit: z.number().int(),
  activation_count: z.number().int(),
})

export const AdminLicenseKeyList = z.object({ license_keys: z.array(AdminLicenseKey).describe("in the order's line order, unit by unit") })

export const AdminLicenseKeyResponse = z.object({ license_key: AdminLicenseKey })

export const AdminLicenseKeyRevealed = z.object({
  license_key: AdminLicenseKey,
  key: z.string().describe("the key in clear (the reveal is written in the grant's history)"),
})

export const AdminLicenseKeyReplaced = z.object({
  license_key: AdminLicenseKey.describe("the new key (pending when the pool is empty)"),
  replaced: AdminLicenseKey.describe("the old key, now revoked"),
})

export const AdminLicenseConfig = z.object({
  variant_id: z.string(),
  source: z.enum(["off", "generated", "pool"]),
  pattern: z.string().describe("X = a random character, the last X the check character"),
  activation_limit: z.number().int(),
  low_pool_threshold: z.number().int().describe("alert when fewer unused pool keys are left"),
  pool_remaining: z.number().int().describe("unused keys in the pool"),
  pool_pending: z.number().int().describe("keys owed to buyers, waiting for the pool"),
})

export const AdminLicenseConfigResponse = z.object({ license_config: AdminLicenseConfig })

export const AdminLicensePoolUploaded = z.object({
  added: z.number().int(),
  issued_pending: z.number().int().describe("keys buyers were waiting for, issued (and emailed) from this upload"),
  license_config: AdminLicenseConfig,
})

export const AdminLicensePublicKey = z.object({
  algorithm: z.literal("Ed25519"),
  public_key_pem: z.string().describe("SPKI PEM: what the verification example loads"),
  public_key_base64: z.string().describe("the raw 32-byte public key, base64"),
  verification_example: z.string().describe("ten lines of Node.js that verify an answer of the activation API"),
})
