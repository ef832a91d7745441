import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { updateLicenseConfigWorkflow } from "../../../../../../workflows/license-keys"
import { assertVariant, licenseConfig } from "../../../../license-keys/helpers"
import type { AdminUpdateLicenseConfigType } from "../../../../license-keys/validators"

/** The variant's license key source, pattern, limits, and its pool's counts (the defaults when never set). */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  await assertVariant(req.scope, req.params.id)
  res.json({ license_config: await licenseConfig(req.scope, req.params.id) })
}

/** Sets the variant's key source (off, generated, pool), pattern, activation limit and low-pool threshold. */
export async function POST(req: AuthenticatedMedusaRequest<AdminUpdateLicenseConfigType>, res: MedusaResponse) {
  await assertVariant(req.scope, req.params.id)
  await updateLicenseConfigWorkflow(req.scope).run({ input: { variant_id: req.params.id, ...req.validatedBody } })
  res.json({ license_config: await licenseConfig(req.scope, req.params.id) })
}
