import { z } from "@medusajs/framework/zod"

/**
 * What every Admin route may answer besides its own body, and the small pieces
 * the Admin routes' `responses.ts` share. Objects are strict: openapi.json says
 * `additionalProperties: false`, so an answer that gains a field (a storage key,
 * an internal column) fails the HTTP spec openapi-admin.spec.ts until its
 * schema says so.
 */

export const isoDate = z.string().describe("ISO 8601 date-time")
export const nullableDate = isoDate.nullable()

/** One invalid field of a body: where it is and what is wrong (utils/validate-input.ts). */
export const AdminFieldError = z.object({
  path: z.array(z.union([z.string(), z.number()])).describe('e.g. ["templates", "en", "subject"]'),
  message: z.string(),
})

/** 400: bad input (the message names the field; a refused JSON body lists each field in `errors`), or an action not allowed in this state. */
export const AdminInvalidRequest = z.object({
  type: z.enum(["invalid_data", "not_allowed"]),
  message: z.string(),
  errors: z.array(AdminFieldError).min(1).optional().describe("a refused body: one entry per invalid field, for a form to show beside each"),
})

/** 401: no admin session, bearer token or secret API key. */
export const AdminUnauthorized = z.object({ message: z.string() })

/** 404: the resource in the path does not exist. */
export const AdminNotFound = z.object({ type: z.literal("not_found"), message: z.string() })

/** What a delivery email send came to (send-delivery-email step). */
export const AdminEmailResult = z.object({
  status: z.enum(["sent", "failed", "skipped"]),
  notification_id: z.string().optional().describe("the Notification Module's record"),
  error: z.string().optional().describe("why it failed or was skipped"),
})

/** 502: the email provider refused or failed; nothing else was undone. */
export const AdminEmailFailed = z.object({
  type: z.literal("email_failed"),
  message: z.string(),
  email: AdminEmailResult.optional(),
})

/** The answer of a DELETE route. */
export const deleted = <T extends string>(object: T) =>
  z.object({ id: z.string(), object: z.literal(object), deleted: z.literal(true) })

/** A page of an Admin list read by cursor or offset: `count` is exact when `count_exact`, else PostgreSQL's estimate (over 1,000). */
export const cursorPage = {
  count: z.number().int(),
  count_exact: z.boolean(),
  next_cursor: z.string().nullable().describe("pass as `cursor` for the next page; null on the last"),
  offset: z.number().int(),
  limit: z.number().int(),
}
