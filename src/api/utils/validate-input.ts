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

/** A middleware validating one part of the request into its `validated…` field. */
function validating(schema: z.ZodType, from: "query" | "body" | "params") {
  return async (req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) => {
    try {
      const value = await validate(schema, req[from])
      if (from === "query") req.validatedQuery = value as Record<string, unknown>
      else if (from === "body") req.validatedBody = value
      next()
    } catch (e) {
      next(e)
    }
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
