import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { IFileModuleService } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { DIGITAL_DELIVERY_MODULE } from "../../../../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../../../../modules/digital-delivery/service"
import { replaceDigitalAssetFileWorkflow } from "../../../../../workflows"
import { adminActor } from "../../../../utils/admin-actor"
import { fieldErrors } from "../../../../utils/validate-input"
import { isMultipart, storeMultipartUpload } from "../../multipart-upload"
import { refetchDigitalAsset } from "../../helpers"
import { AdminReplaceFileFields, type AdminReplaceFileFieldsType } from "../../validators"

/**
 * Publishes a new release of the asset (multipart part `file`): optional
 * fields `filename` (the customer-facing name stays unless sent),
 * `version_label`, `release_notes`, `notify` and `extra_downloads`. Links
 * already sent serve the new file; a refused field is a 400 naming it, and
 * the uploaded bytes are removed.
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
  const discard = () => req.scope.resolve<IFileModuleService>(Modules.FILE).deleteFiles(upload.file_id).catch(() => undefined)
  const parsed = AdminReplaceFileFields.safeParse(upload.fields)
  if (!parsed.success) {
    await discard()
    const errors = await fieldErrors(AdminReplaceFileFields, upload.fields)
    const first = errors[0]
    res.status(400).json({
      type: MedusaError.Types.INVALID_DATA,
      message: `Invalid request: ${first ? `${first.path.join(".") || "body"}: ${first.message}` : "invalid fields"}`,
      errors,
    })
    return
  }
  const fields: AdminReplaceFileFieldsType = parsed.data
  try {
    const filename = fields.filename ? upload.filename : asset.filename
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
        release: {
          version_label: fields.version_label || null,
          release_notes: fields.release_notes || null,
          extra_downloads: fields.extra_downloads ?? 0,
        },
        notify: fields.notify ?? false,
        actor: await adminActor(req),
      },
    })
  } catch (err) {
    await discard()
    throw err
  }
  res.json({ digital_asset: await refetchDigitalAsset(req.scope, asset.id) })
}
