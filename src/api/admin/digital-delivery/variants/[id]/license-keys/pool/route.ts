import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { uploadLicensePoolWorkflow } from "../../../../../../../workflows/license-keys"
import { assertVariant, licenseConfig, parsePoolUpload, serviceOf } from "../../../../../license-keys/helpers"
import type { AdminUploadLicensePoolType } from "../../../../../license-keys/validators"

/**
 * Adds keys to the variant's pool (one per line, or CSV), all or nothing:
 * duplicates refuse the upload (400 naming their lines). Keys buyers were
 * waiting for are issued and emailed at once.
 */
export async function POST(req: AuthenticatedMedusaRequest<AdminUploadLicensePoolType>, res: MedusaResponse) {
  await assertVariant(req.scope, req.params.id)
  // Sealed (encrypted and hashed) here: the workflow's input never holds a key in clear.
  const keys = serviceOf(req.scope).licenseKeys.sealPoolKeys(parsePoolUpload(req.validatedBody.keys))
  const { result } = await uploadLicensePoolWorkflow(req.scope).run({ input: { variant_id: req.params.id, keys } })
  res.json({ added: result.added, issued_pending: result.issued_pending, license_config: await licenseConfig(req.scope, req.params.id) })
}
