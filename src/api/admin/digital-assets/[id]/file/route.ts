import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { IFileModuleService } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { DIGITAL_DELIVERY_MODULE } from "../../../../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../../../../modules/digital-delivery/service"
import { replaceDigitalAssetFileWorkflow } from "../../../../../workflows"
import { isMultipart, storeMultipartUpload } from "../../multipart-upload"
import { refetchDigitalAsset } from "../../helpers"

/**
 * Replaces the asset's file (multipart part `file`). The customer-facing name
 * stays unless a `filename` field is sent; links already sent serve the new file.
 */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  if (!isMultipart(req)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "file: send the new file as multipart/form-data")
  }
  const asset = await refetchDigitalAsset(req.scope, req.params.id)
  if (asset.kind !== "file") {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Digital asset ${asset.id} is an external link; it has no file to replace`)
  }
  const service = req.scope.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const upload = await storeMultipartUpload(req, { maxBytes: service.getOptions().max_upload_bytes })
  try {
    const filename = upload.fields.filename ? upload.filename : asset.filename
    await replaceDigitalAssetFileWorkflow(req.scope).run({
      input: {
        id: asset.id,
        file: {
          file_id: upload.file_id,
          filename,
          mime_type: upload.mime_type,
          size: upload.size,
          sha256: upload.sha256,
        },
      },
    })
  } catch (err) {
    await req.scope.resolve<IFileModuleService>(Modules.FILE).deleteFiles(upload.file_id).catch(() => undefined)
    throw err
  }
  res.json({ digital_asset: await refetchDigitalAsset(req.scope, asset.id) })
}
