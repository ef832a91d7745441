import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { validateLicense } from "../helpers"
import type { LicenseValidationBody } from "../validators"

/** The key's state, limit and activations, signed: 200 (result "valid", or "not_active" for an unknown `instance`), 410 revoked, 404 unknown. */
export const POST = (req: MedusaRequest<LicenseValidationBody>, res: MedusaResponse) => validateLicense(req, res)
