import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { zodValidator } from "@medusajs/framework"
import type { z } from "@medusajs/framework/zod"

/**
 * Validates `req.query` with a strict schema into `req.validatedQuery`, for
 * routes that read plugin tables directly instead of going through Query.
 */
export function validateQuery(schema: z.ZodType) {
  return async (req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) => {
    try {
      req.validatedQuery = (await zodValidator(schema, req.query)) as Record<string, unknown>
      next()
    } catch (e) {
      next(e)
    }
  }
}
