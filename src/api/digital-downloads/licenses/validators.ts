import { z } from "@medusajs/framework/zod"

/** A key as the buyer typed it (any case, dashes and spaces allowed). */
const key = z.string().trim().min(1, "is required").max(200, "must be at most 200 characters long")
/** What the merchant's software calls one installation (a machine id, a hostname, a hash of them). */
const instance = z
  .string()
  .trim()
  .min(1, "is required")
  .max(200, "must be at most 200 characters long")
  // eslint-disable-next-line no-control-regex
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "must not hold control characters")

export const LicenseActivationBody = z.object({ key, instance }).strict()
export type LicenseActivationBody = z.infer<typeof LicenseActivationBody>

export const LicenseValidationBody = z.object({ key, instance: instance.optional() }).strict()
export type LicenseValidationBody = z.infer<typeof LicenseValidationBody>
