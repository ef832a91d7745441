import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deleteDownloadGrantsWorkflow, updateDownloadGrantsWorkflow } from "../../../../workflows"
import { adminActor } from "../../../utils/admin-actor"
import { refetchDownloadGrant } from "../helpers"
import type { AdminUpdateDownloadGrantType } from "../validators"

/** The grant, its link to copy and its last 50 download attempts. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json({ download_grant: await refetchDownloadGrant(req.scope, req.params.id) })
}

/** Enables/disables, changes the limit or expiry, or resets the usage (`downloads_used: 0`; the older `download_count: 0` too). */
export async function POST(
  req: AuthenticatedMedusaRequest<AdminUpdateDownloadGrantType>,
  res: MedusaResponse
) {
  await refetchDownloadGrant(req.scope, req.params.id)
  await updateDownloadGrantsWorkflow(req.scope).run({
    input: { grants: [{ id: req.params.id, ...req.validatedBody }], actor: await adminActor(req) },
  })
  res.json({ download_grant: await refetchDownloadGrant(req.scope, req.params.id) })
}

export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  await refetchDownloadGrant(req.scope, req.params.id)
  await deleteDownloadGrantsWorkflow(req.scope).run({ input: { ids: [req.params.id] } })
  res.json({ id: req.params.id, object: "download_grant", deleted: true })
}
