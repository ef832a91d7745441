import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { renderPreview } from "../helpers"
import type { AdminPreviewDeliveryEmailType } from "../validators"

/** Renders a template (the saved one, or the one being edited) for a real or a sample order. */
export async function POST(req: AuthenticatedMedusaRequest<AdminPreviewDeliveryEmailType>, res: MedusaResponse) {
  res.json({ preview: await renderPreview(req.scope, req.validatedBody) })
}
