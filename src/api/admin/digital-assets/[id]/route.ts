import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { sanitizeFilename } from "../../../utils/filename"
import { deleteDigitalAssetWorkflow, updateDigitalAssetWorkflow } from "../../../../workflows"
import { refetchDigitalAsset } from "../helpers"
import type { AdminUpdateDigitalAssetType } from "../validators"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json({ digital_asset: await refetchDigitalAsset(req.scope, req.params.id) })
}

/** A stored PDF: what stamping applies to (ADMIT_SQL checks the served release's type the same way). */
function isStampable(asset: { kind: string; mime_type: string }) {
  return asset.kind === "file" && asset.mime_type === "application/pdf"
}

/** Renames the customer-facing file (links keep working), changes the per-asset overrides or the PDF stamping. */
export async function POST(
  req: AuthenticatedMedusaRequest<AdminUpdateDigitalAssetType>,
  res: MedusaResponse
) {
  const body = req.validatedBody
  const asset = await refetchDigitalAsset(req.scope, req.params.id)
  if (body.stamp_pdf && !isStampable(asset)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "stamp_pdf: only PDF files (application/pdf) can be stamped")
  }
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
