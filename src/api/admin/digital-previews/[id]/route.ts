import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deleteDigitalPreviewWorkflow, updateDigitalPreviewWorkflow } from "../../../../workflows"
import { sanitizeFilename } from "../../../utils/filename"
import { refetchPreview } from "../helpers"
import type { AdminUpdateDigitalPreviewType } from "../validators"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json({ digital_preview: await refetchPreview(req.scope, req.params.id) })
}

/** Renames a preview (title, file name) or moves it to `position` among its owner's previews. */
export async function POST(req: AuthenticatedMedusaRequest<AdminUpdateDigitalPreviewType>, res: MedusaResponse) {
  const body = req.validatedBody
  await refetchPreview(req.scope, req.params.id)
  await updateDigitalPreviewWorkflow(req.scope).run({
    input: { id: req.params.id, ...body, ...(body.filename !== undefined ? { filename: sanitizeFilename(body.filename) } : {}) },
  })
  res.json({ digital_preview: await refetchPreview(req.scope, req.params.id) })
}

/** Deletes a preview: the public route stops serving it and its stored file is removed. */
export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  await refetchPreview(req.scope, req.params.id)
  await deleteDigitalPreviewWorkflow(req.scope).run({ input: { id: req.params.id } })
  res.json({ id: req.params.id, object: "digital_preview", deleted: true })
}
