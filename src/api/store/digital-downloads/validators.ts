import { z } from "@medusajs/framework/zod"

/**
 * Request validators of the Store API (`/store/digital-downloads*`). They are
 * also the request half of the OpenAPI document (src/api/openapi), so each
 * field says what it is.
 */

/** Ids travel in the path: letters, digits, `_` and `-` only, as Medusa's ids are. */
const id = (what: string) =>
  z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/, `${what} must be an id (letters, digits, _ and -)`)

export const StoreOrderParams = z.object({ order_id: id("order_id") }).strict()
export const StoreProductParams = z.object({ product_id: id("product_id") }).strict()
export const StoreGrantParams = z.object({ id: id("id") }).strict()

/** The routes without options take no query: an unknown key is a 400 naming it. */
export const StoreNoQuery = z.object({}).strict()

export const StoreGetDigitalDownloadsParams = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50).describe("page size (1–200, default 50)"),
    offset: z.coerce.number().int().min(0).default(0).describe("rows to skip"),
  })
  .strict()

/** "Email me my links again" takes no input: the address is the order's own. */
export const StoreResendOrderEmail = z.object({}).strict()

/** A link to one of the customer's files: the current release, or an earlier one the merchant keeps. */
export const StoreDownloadLinkBody = z
  .object({
    release: z
      .number()
      .int()
      .min(1)
      .max(999_999_999)
      .optional()
      .describe("an earlier release's version (listed in earlier_releases); absent: the current file"),
  })
  .strict()
