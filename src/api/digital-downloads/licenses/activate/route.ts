import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { changeActivation } from "../helpers"
import type { LicenseActivationBody } from "../validators"

/** Activates an installation of the merchant's software: 200 (signed), 409 at the limit, 410 revoked, 404 unknown. */
export const POST = (req: MedusaRequest<LicenseActivationBody>, res: MedusaResponse) => changeActivation(req, res, "activate")
