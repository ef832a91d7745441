import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { generateDigitalPreviewWorkflow } from "../../../../../workflows"
import { refetchPreview } from "../../../digital-previews/helpers"
import type { AdminGenerateDigitalPreviewType } from "../../../digital-previews/validators"

/**
 * "Make a preview": the first `pages` of a PDF asset (default 3) or the first
 * `seconds` of a WAV asset (default 30) become a public preview of the asset.
 * Other files: 400 (upload a preview instead).
 */
export async function POST(req: AuthenticatedMedusaRequest<AdminGenerateDigitalPreviewType>, res: MedusaResponse) {
  const { result } = await generateDigitalPreviewWorkflow(req.scope).run({ input: { asset_id: req.params.id, ...req.validatedBody } })
  res.status(201).json({ digital_preview: await refetchPreview(req.scope, result.id) })
}
