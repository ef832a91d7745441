import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { sanitizeFilename } from "../../../utils/filename"
import { deleteDigitalAssetWorkflow, updateDigitalAssetWorkflow } from "../../../../workflows"
import { refetchDigitalAsset } from "../helpers"
import type { AdminUpdateDigitalAssetType } from "../validators"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json({ digital_asset: await refetchDigitalAsset(req.scope, req.params.id) })
}

/** Renames the customer-facing file (links keep working) or changes the per-asset overrides. */
export async function POST(
  req: AuthenticatedMedusaRequest<AdminUpdateDigitalAssetType>,
  res: MedusaResponse
) {
  const body = req.validatedBody
  await refetchDigitalAsset(req.scope, req.params.id)
  await updateDigitalAssetWorkflow(req.scope).run({
    input: {
      id: req.params.id,
      ...body,
      ...(body.filename !== undefined ? { filename: sanitizeFilename(body.filename) } : {}),
    },
  })
  res.json({ digital_asset: await refetchDigitalAsset(req.scope, req.params.id) })
}

export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  await deleteDigitalAssetWorkflow(req.scope).run({ input: { id: req.params.id } })
  res.json({ id: req.params.id, object: "digital_asset", deleted: true })
}
