import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { IFileModuleService } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { DIGITAL_DELIVERY_MODULE } from "../../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../../modules/digital-delivery/service"
import { createDigitalPreviewWorkflow } from "../../../workflows"
import { zodValidator } from "@medusajs/framework"
import { isMultipart, storeMultipartUpload } from "../digital-assets/multipart-upload"
import { listAdminPreviews, refetchPreview } from "./helpers"
import { AdminCreateDigitalPreviewFields, type AdminGetDigitalPreviewsParamsType } from "./validators"

/** A product's previews and/or some assets' previews (`product_id`, `asset_id`), each owner's in order. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const filters = req.validatedQuery as AdminGetDigitalPreviewsParamsType
  res.json({ digital_previews: await listAdminPreviews(req.scope, filters) })
}

/**
 * Uploads a preview (multipart: part `file`; fields `product_id` or
 * `asset_id`, optional `title` and `filename`), streamed to private storage
 * like an asset's file and served only by the public preview route.
 */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  if (!isMultipart(req)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "file: send the preview as multipart/form-data (part `file`, field product_id or asset_id)")
  }
  const service = req.scope.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const upload = await storeMultipartUpload(req, { maxBytes: service.getOptions().max_upload_bytes })
  try {
    const fields = await zodValidator(AdminCreateDigitalPreviewFields, upload.fields)
    const { result } = await createDigitalPreviewWorkflow(req.scope).run({
      input: {
        product_id: fields.product_id ?? null,
        asset_id: fields.asset_id ?? null,
        title: fields.title ?? upload.filename,
        filename: upload.filename,
        mime_type: upload.mime_type,
        size: upload.size,
        sha256: upload.sha256,
        file_id: upload.file_id,
        source: "uploaded",
      },
    })
    res.status(201).json({ digital_preview: await refetchPreview(req.scope, result.id) })
  } catch (err) {
    await req.scope.resolve<IFileModuleService>(Modules.FILE).deleteFiles(upload.file_id).catch(() => undefined)
    throw err
  }
}
