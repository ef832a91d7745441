import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { revealLicenseKeyWorkflow } from "../../../../../workflows/license-keys"
import { adminActor } from "../../../../utils/admin-actor"
import { adminLicenseKey, serviceOf } from "../../helpers"

/** The key in clear for the merchant (support: "what was my key?"); the reveal is written in the grant's history. */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const service = serviceOf(req.scope)
  const { row, key } = await service.withLicenseManager((ctx) => service.licenseKeys.reveal(req.params.id, ctx))
  if (row.grant_id) {
    await revealLicenseKeyWorkflow(req.scope).run({ input: { id: row.id, grant_id: row.grant_id, actor: await adminActor(req) } })
  }
  res.setHeader("Cache-Control", "no-store")
  res.json({ license_key: await adminLicenseKey(req.scope, row.id), key })
}
