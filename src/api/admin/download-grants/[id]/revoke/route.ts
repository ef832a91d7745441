import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { revokeDownloadGrantsWorkflow } from "../../../../../workflows"
import { adminActor } from "../../../../utils/admin-actor"
import { refetchDownloadGrant } from "../../helpers"

/** Revokes the grant: its links answer 410 from now on. */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  await refetchDownloadGrant(req.scope, req.params.id)
  await revokeDownloadGrantsWorkflow(req.scope).run({ input: { ids: [req.params.id], actor: await adminActor(req) } })
  res.json({ download_grant: await refetchDownloadGrant(req.scope, req.params.id) })
}
