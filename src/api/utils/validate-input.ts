import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { zodValidator } from "@medusajs/framework"
import { MedusaError } from "@medusajs/framework/utils"
import type { z } from "@medusajs/framework/zod"

/**
 * Medusa's zodValidator, with one repair: its message builder throws on values
 * that cannot be printed (`{"filename": {"toString": "x"}}`), which became a
 * 500. Such input now gets the 400 it deserves, naming the field.
 */
async function validate(schema: z.ZodType, value: unknown): Promise<unknown> {
  try {
    return await zodValidator(schema, value)
  } catch (e) {
    if (MedusaError.isMedusaError(e)) throw e
    const parsed = schema.safeParse(value)
    if (parsed.success) throw e
    const issue = parsed.error.issues[0]
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid request: ${issue.path.join(".") || "body"}: ${issue.message}`)
  }
}

/** One invalid field of a request: where it is (`["templates", "en", "subject"]`) and what is wrong, as a sentence. */
export type FieldError = { path: (string | number)[]; message: string }

/**
 * The invalid fields of a value the schema refuses, one entry per field (its
 * first issue), each message without the "path: " its sentence may start with:
 * the Admin shows it under the field.
 */
export async function fieldErrors(schema: z.ZodType, value: unknown): Promise<FieldError[]> {
  const parsed = await schema.safeParseAsync(value)
  if (parsed.success) return []
  const seen = new Map<string, FieldError>()
  for (const issue of parsed.error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== "symbol")
    const key = path.join(".")
    if (seen.has(key)) continue
    const message = key && issue.message.startsWith(`${key}: `) ? issue.message.slice(key.length + 2) : issue.message
    seen.set(key, { path, message: message.charAt(0).toUpperCase() + message.slice(1) })
  }
  return [...seen.values()]
}

/**
 * A middleware validating one part of the request into its `validated…` field.
 * A refused body answers 400 `{ type: "invalid_data", message, errors: FieldError[] }`:
 * the message as Medusa words it, and the fields one by one for a form to show beside each.
 */
function validating(schema: z.ZodType, from: "query" | "body" | "params") {
  return async (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    let value: unknown
    try {
      value = await validate(schema, req[from])
    } catch (e) {
      if (from === "body" && MedusaError.isMedusaError(e) && e.type === MedusaError.Types.INVALID_DATA) {
        const errors = await fieldErrors(schema, req.body).catch(() => [])
        if (errors.length) {
          res.status(400).json({ type: MedusaError.Types.INVALID_DATA, message: e.message, errors })
          return
        }
      }
      return next(e)
    }
    if (from === "query") req.validatedQuery = value as Record<string, unknown>
    else if (from === "body") req.validatedBody = value
    next()
  }
}

/**
 * Validates `req.query` with a strict schema into `req.validatedQuery`, for
 * routes that read plugin tables directly instead of going through Query.
 */
export const validateQuery = (schema: z.ZodType) => validating(schema, "query")

/** Validates `req.body` into `req.validatedBody` (Medusa's validateAndTransformBody, repaired as above). */
export const validateBody = (schema: z.ZodType) => validating(schema, "body")

/** Validates the path's parameters (`req.params`, left as they are): a 400 naming the bad one. */
export const validateParams = (schema: z.ZodType) => validating(schema, "params")
