import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { linkDigitalAssetVariantsWorkflow } from "../../../../../workflows"
import { refetchDigitalAsset } from "../../helpers"
import type { AdminLinkAssetVariantsType } from "../../validators"

/** Attaches the asset to variants (`add`) and detaches it from others (`remove`). */
export async function POST(
  req: AuthenticatedMedusaRequest<AdminLinkAssetVariantsType>,
  res: MedusaResponse
) {
  await linkDigitalAssetVariantsWorkflow(req.scope).run({
    input: { id: req.params.id, ...req.validatedBody },
  })
  res.json({ digital_asset: await refetchDigitalAsset(req.scope, req.params.id) })
}
