import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { IFileModuleService } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { zodValidator } from "@medusajs/framework"
import { DIGITAL_DELIVERY_MODULE } from "../../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../../modules/digital-delivery/service"
import { sanitizeFilename } from "../../utils/filename"
import { createDigitalAssetWorkflow } from "../../../workflows"
import { isMultipart, storeMultipartUpload } from "./multipart-upload"
import { ADMIN_ASSET_FIELDS } from "../../utils/admin-responses"
import { refetchDigitalAsset } from "./helpers"
import {
  AdminCreateExternalAsset,
  AdminCreateFileAssetFields,
  type AdminGetDigitalAssetsParamsType,
} from "./validators"

/** Lists digital assets, with search (`q` on title and file name) and pagination. */
export async function GET(
  req: AuthenticatedMedusaRequest<unknown, AdminGetDigitalAssetsParamsType>,
  res: MedusaResponse
) {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data, metadata } = await query.graph({
    entity: "digital_asset",
    // The list pages assets: their releases are read with one asset (GET /admin/digital-assets/:id).
    fields: ADMIN_ASSET_FIELDS.filter((f) => !f.startsWith("versions.")),
    filters: req.filterableFields,
    pagination: req.queryConfig.pagination,
  })
  res.json({
    digital_assets: data,
    count: metadata?.count ?? data.length,
    offset: metadata?.skip ?? 0,
    limit: metadata?.take ?? data.length,
  })
}

/**
 * Creates an asset: a multipart upload (part `file`, optional `filename`,
 * `title`, `max_downloads`, `validity_days`) streamed to private storage, or
 * JSON `{ kind: "external_link", external_url, title }`.
 */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  if (!isMultipart(req)) {
    if (!req.body || typeof req.body !== "object" || Array.isArray(req.body)) {
      // e.g. a file posted raw (text/plain, application/octet-stream): say what is expected.
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "file: send a file as multipart/form-data (part `file`), or a JSON object { kind: \"external_link\", title, external_url }"
      )
    }
    const body = await zodValidator(AdminCreateExternalAsset, req.body)
    const { result } = await createDigitalAssetWorkflow(req.scope).run({
      input: {
        ...body,
        kind: "external_link",
        filename: sanitizeFilename(body.filename ?? body.title),
      },
    })
    res.status(201).json({ digital_asset: await refetchDigitalAsset(req.scope, result.id) })
    return
  }

  const service = req.scope.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const upload = await storeMultipartUpload(req, { maxBytes: service.getOptions().max_upload_bytes })
  const discardUpload = () =>
    req.scope.resolve<IFileModuleService>(Modules.FILE).deleteFiles(upload.file_id).catch(() => undefined)
  try {
    const fields = await zodValidator(AdminCreateFileAssetFields, upload.fields)
    const { result } = await createDigitalAssetWorkflow(req.scope).run({
      input: {
        kind: "file",
        title: fields.title ?? upload.filename,
        file_id: upload.file_id,
        filename: upload.filename,
        mime_type: upload.mime_type,
        size: upload.size,
        sha256: upload.sha256,
        max_downloads: fields.max_downloads ?? null,
        validity_days: fields.validity_days ?? null,
      },
    })
    res.status(201).json({ digital_asset: await refetchDigitalAsset(req.scope, result.id) })
  } catch (err) {
    await discardUpload()
    throw err
  }
}
