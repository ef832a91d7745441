import type { IFileModuleService, Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import crypto from "crypto"
import path from "path"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"
import type { PreviewInput } from "../../modules/digital-delivery/types"
import { cutPdf } from "../utils/previews/pdf"
import { cannotCut } from "../utils/previews/preview-error"
import { cutWav } from "../utils/previews/wav"
import { storePrivate } from "../utils/private-file"

/** A PDF larger than this is not read to cut a preview (it is read whole, in a worker). */
export const MAX_PDF_SOURCE_BYTES = 200 * 1024 * 1024
/** A generated preview larger than this is refused (ask for fewer seconds). */
export const MAX_GENERATED_PREVIEW_BYTES = 100 * 1024 * 1024

export type PreviewOwnerInput = { product_id?: string | null; asset_id?: string | null }

export const validatePreviewOwnerStepId = "validate-digital-preview-owner"

/** Refuses a preview whose product or asset does not exist (404), or that names both or neither (400). */
export const validatePreviewOwnerStep = createStep(validatePreviewOwnerStepId, async (input: PreviewOwnerInput, { container }) => {
  if (!!input.product_id === !!input.asset_id) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "product_id: give either product_id or asset_id (one of them)")
  }
  if (input.asset_id) {
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    await service.retrieveDigitalAsset(input.asset_id, { select: ["id"] })
  } else {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({ entity: "product", fields: ["id"], filters: { id: input.product_id! } })
    if (!data[0]) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Product with id: ${input.product_id} was not found`)
  }
  return new StepResponse(undefined)
})

export const createDigitalPreviewStepId = "create-digital-preview"

/** Creates the preview row at the end of its owner's list; the compensation deletes it. */
export const createDigitalPreviewStep = createStep(
  createDigitalPreviewStepId,
  async (input: PreviewInput, { container }) => {
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    const preview = await service.createPreview(input)
    return new StepResponse(preview, preview.id)
  },
  async (id, { container }) => {
    if (!id) return
    await container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE).deleteDigitalPreviews(id)
  }
)

export type CutAssetPreviewInput = { asset_id: string; pages?: number; seconds?: number; title?: string }
export type CutPreviewFile = Omit<PreviewInput, "product_id" | "asset_id" | "source">

export const cutAssetPreviewStepId = "cut-digital-asset-preview"

/**
 * Cuts a preview from an asset's current file and stores it as a private
 * file: the first `pages` of a PDF, the first `seconds` of a WAV. Other
 * types are refused (400: the merchant uploads a preview). The compensation
 * deletes the stored file.
 */
export const cutAssetPreviewStep = createStep(
  cutAssetPreviewStepId,
  async (input: CutAssetPreviewInput, { container }) => {
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    const files = container.resolve<IFileModuleService>(Modules.FILE)
    const asset = await service.retrieveDigitalAsset(input.asset_id, { select: ["id", "kind", "file_id", "filename", "mime_type", "size"] })
    if (asset.kind !== "file" || !asset.file_id) {
      throw cannotCut("asset", "an external link has no file to cut a preview from; upload a preview instead")
    }
    const size = Number(asset.size ?? 0)
    const kind = previewKindOf(asset.mime_type, asset.filename)
    if (!kind) {
      throw cannotCut("asset", `previews are cut from PDF and WAV files only (this one is ${asset.mime_type}); upload a preview instead`)
    }
    if (kind === "pdf" && input.seconds !== undefined) throw cannotCut("seconds", "a PDF is cut in pages: send pages")
    if (kind === "wav" && input.pages !== undefined) throw cannotCut("pages", "a WAV file is cut in seconds: send seconds")
    const base = path.parse(asset.filename).name || "preview"
    let cut: { bytes: Buffer; filename: string; mime_type: string; title: string }
    if (kind === "pdf") {
      if (size > MAX_PDF_SOURCE_BYTES) {
        throw cannotCut("asset", `the PDF is larger than the ${MAX_PDF_SOURCE_BYTES / 1024 / 1024} MB a preview is cut from; upload a preview instead`)
      }
      const pages = input.pages ?? 3
      const pdf = await cutPdf(await readWhole(await files.getDownloadStream(asset.file_id)), pages)
      const label = pdf.pages === 1 ? "page 1" : `pages 1–${pdf.pages}`
      cut = { bytes: pdf.bytes, filename: `${base} (${label}).pdf`, mime_type: "application/pdf", title: `${asset.filename}: ${label}` }
    } else {
      const seconds = input.seconds ?? 30
      const stream = await files.getDownloadStream(asset.file_id)
      try {
        const wav = await cutWav(stream, size, seconds, { maxBytes: MAX_GENERATED_PREVIEW_BYTES })
        const label = `first ${Number(wav.seconds.toFixed(3))} s`
        cut = { bytes: wav.bytes, filename: `${base} (${label}).wav`, mime_type: "audio/wav", title: `${asset.filename}: ${label}` }
      } finally {
        stream.destroy()
      }
    }
    const stored = await storePrivate(files, cut.bytes, path.extname(cut.filename))
    const file: CutPreviewFile = {
      title: input.title ?? cut.title,
      filename: cut.filename,
      mime_type: cut.mime_type,
      size: cut.bytes.length,
      sha256: crypto.createHash("sha256").update(cut.bytes).digest("hex"),
      file_id: stored,
    }
    return new StepResponse(file, stored)
  },
  async (fileId, { container }) => {
    if (!fileId) return
    await container.resolve<IFileModuleService>(Modules.FILE).deleteFiles(fileId).catch(() => undefined)
  }
)

/** "pdf" or "wav" when a preview can be cut from a file of this type or name. */
export function previewKindOf(mimeType: string | null | undefined, filename: string): "pdf" | "wav" | null {
  const ext = path.extname(filename).toLowerCase()
  if (mimeType === "application/pdf" || ext === ".pdf") return "pdf"
  if (/^audio\/(x-)?(wav|wave|vnd\.wave)$/.test(mimeType ?? "") || ext === ".wav") return "wav"
  return null
}

async function readWhole(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const part of stream) parts.push(Buffer.isBuffer(part) ? part : Buffer.from(part as unknown as Uint8Array))
  return Buffer.concat(parts)
}

export type UpdateDigitalPreviewInput = { id: string; title?: string; filename?: string; position?: number }

export const updateDigitalPreviewStepId = "update-digital-preview"

/** Renames a preview and/or moves it in its owner's list; the compensation puts the name and place back. */
export const updateDigitalPreviewStep = createStep(
  updateDigitalPreviewStepId,
  async (input: UpdateDigitalPreviewInput, { container }) => {
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    const before = await service.retrieveDigitalPreview(input.id, { select: ["id", "title", "filename", "position"] })
    const { position, ...names } = input
    if (names.title !== undefined || names.filename !== undefined) await service.updateDigitalPreviews(names)
    if (position !== undefined) await service.movePreview(input.id, position)
    return new StepResponse(undefined, { id: before.id, title: before.title, filename: before.filename, position: before.position })
  },
  async (before, { container }) => {
    if (!before) return
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    await service.updateDigitalPreviews({ id: before.id, title: before.title, filename: before.filename })
    await service.movePreview(before.id, before.position)
  }
)

export const softDeleteDigitalPreviewStepId = "soft-delete-digital-preview"

/** Takes the preview off the public route; the compensation brings it back. Returns its stored file's id. */
export const softDeleteDigitalPreviewStep = createStep(
  softDeleteDigitalPreviewStepId,
  async (input: { id: string }, { container }) => {
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    const preview = await service.retrieveDigitalPreview(input.id, { select: ["id", "file_id"] })
    await service.softDeleteDigitalPreviews(input.id)
    return new StepResponse(preview.file_id, input.id)
  },
  async (id, { container }) => {
    if (!id) return
    await container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE).restoreDigitalPreviews(id)
  }
)

export const deletePreviewFileStepId = "delete-digital-preview-file"

/** Deletes a removed preview's stored file. Cannot be undone: the last step. */
export const deletePreviewFileStep = createStep(deletePreviewFileStepId, async (fileId: string, { container }) => {
  await container.resolve<IFileModuleService>(Modules.FILE).deleteFiles(fileId)
  return new StepResponse(undefined)
})

export const softDeleteOwnerPreviewsStepId = "soft-delete-owner-digital-previews"

/**
 * Takes every preview of a product or of an asset off the public route (a
 * deleted product, a deleted file); the compensation brings them back.
 * Returns their stored files' ids.
 */
export const softDeleteOwnerPreviewsStep = createStep(
  softDeleteOwnerPreviewsStepId,
  async (owner: PreviewOwnerInput, { container }) => {
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    const filters = owner.product_id ? { product_id: owner.product_id } : owner.asset_id ? { asset_id: owner.asset_id } : null
    if (!filters) return new StepResponse([] as string[], [] as string[])
    const previews = await service.listDigitalPreviews(filters, { select: ["id", "file_id"] })
    const ids = previews.map((p) => p.id)
    if (ids.length) await service.softDeleteDigitalPreviews(ids)
    return new StepResponse(
      previews.map((p) => p.file_id),
      ids
    )
  },
  async (ids, { container }) => {
    if (!ids?.length) return
    await container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE).restoreDigitalPreviews(ids)
  }
)

export const deletePreviewFilesStepId = "delete-digital-preview-files"

/**
 * Deletes removed previews' stored files. Cannot be undone: the last step. A
 * storage failure is logged, not thrown: the previews are already off the
 * route, and a file left behind must not undo a product's or an asset's deletion.
 */
export const deletePreviewFilesStep = createStep(deletePreviewFilesStepId, async (fileIds: string[], { container }) => {
  if (!fileIds.length) return new StepResponse(undefined)
  try {
    await container.resolve<IFileModuleService>(Modules.FILE).deleteFiles(fileIds)
  } catch (err) {
    container
      .resolve<Logger>(ContainerRegistrationKeys.LOGGER)
      .warn(`digital-delivery: ${fileIds.length} deleted preview file(s) could not be removed from storage (${(err as NodeJS.ErrnoException).code ?? "error"})`)
  }
  return new StepResponse(undefined)
})
