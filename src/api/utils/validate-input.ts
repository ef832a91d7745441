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

/**
 * Validates `req.query` with a strict schema into `req.validatedQuery`, for
 * routes that read plugin tables directly instead of going through Query.
 */
export function validateQuery(schema: z.ZodType) {
  return async (req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) => {
    try {
      req.validatedQuery = (await validate(schema, req.query)) as Record<string, unknown>
      next()
    } catch (e) {
      next(e)
    }
  }
}

/** Validates `req.body` into `req.validatedBody` (Medusa's validateAndTransformBody, repaired as above). */
export function validateBody(schema: z.ZodType) {
  return async (req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) => {
    try {
      req.validatedBody = await validate(schema, req.body)
      next()
    } catch (e) {
      next(e)
    }
  }
}
