import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { regenerateDownloadGrantLinksWorkflow } from "../../../../../workflows"
import { adminActor } from "../../../../utils/admin-actor"
import { refetchDownloadGrant } from "../../helpers"

/** Issues a new link; every link sent before stops working. */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  await refetchDownloadGrant(req.scope, req.params.id)
  await regenerateDownloadGrantLinksWorkflow(req.scope).run({ input: { ids: [req.params.id], actor: await adminActor(req) } })
  res.json({ download_grant: await refetchDownloadGrant(req.scope, req.params.id) })
}
