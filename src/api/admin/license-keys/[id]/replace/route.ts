import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { replaceLicenseKeyWorkflow } from "../../../../../workflows/license-keys"
import { adminActor } from "../../../../utils/admin-actor"
import { adminLicenseKey } from "../../helpers"

/** Revokes the key and issues its unit a new one (generated, or the next pool key; pending when the pool is empty). */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const old = await adminLicenseKey(req.scope, req.params.id)
  const { result } = await replaceLicenseKeyWorkflow(req.scope).run({ input: { id: old.id, grant_id: old.grant_id, actor: await adminActor(req) } })
  res.json({ license_key: await adminLicenseKey(req.scope, result.id), replaced: await adminLicenseKey(req.scope, old.id) })
}
