import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { changeActivation } from "../helpers"
import type { LicenseActivationBody } from "../validators"

/** Frees an installation's place: 200 (signed; result "deactivated" or "not_active"), 410 revoked, 404 unknown. */
export const POST = (req: MedusaRequest<LicenseActivationBody>, res: MedusaResponse) => changeActivation(req, res, "deactivate")
