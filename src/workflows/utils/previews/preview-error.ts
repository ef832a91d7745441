import { MedusaError } from "@medusajs/framework/utils"

/** Why no preview can be cut from this file: a 400 whose message names the field and says what to do. */
export function cannotCut(field: string, reason: string): MedusaError {
  return new MedusaError(MedusaError.Types.INVALID_DATA, `${field}: ${reason}`)
}
