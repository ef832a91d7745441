import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { revokeLicenseKeyWorkflow } from "../../../../../workflows/license-keys"
import { adminActor } from "../../../../utils/admin-actor"
import { adminLicenseKey } from "../../helpers"

/** Revokes one key (its files stay downloadable): the activation API answers 410 for it from now on. */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const key = await adminLicenseKey(req.scope, req.params.id)
  await revokeLicenseKeyWorkflow(req.scope).run({ input: { id: key.id, grant_id: key.grant_id, actor: await adminActor(req) } })
  res.json({ license_key: await adminLicenseKey(req.scope, key.id) })
}
