import type { IEventBusModuleService, IFileModuleService } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import { DigitalDeliveryEvents, type DownloadFailedPayload } from "../../modules/digital-delivery/events"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"
import { clientName, DELIVERY_ORDER_FIELDS, type DeliveryOrder } from "../utils/delivery-email"
import { stampPool, UnstampablePdfError } from "../utils/stamping/pool"
import { stampStoredPdf } from "../utils/stamping/stamp-file"
import { STAMP_LAYOUT, type StampInput } from "../utils/stamping/stamp-pdf"
import { renderStampLine, toStandardFontText } from "../utils/stamping/template"

export type StampedCopyRequest = { grant_id: string; version: number }

/** What stamping one grant's copy needs; `exists` when another request made it first. */
export type PreparedStamp =
  | { exists: true }
  | { exists: false; grant_id: string; asset_id: string; version: number; file_id: string; input: StampInput }

export type StampOutcome =
  | { status: "ready"; file_id: string; size: number; sha256: string; pages: number }
  | { status: "failed"; failure: string }

export const prepareStampedCopyStepId = "prepare-stamped-copy"

/**
 * Reads what the stamp says: the buyer's name and email, the order number and
 * date, the asset's template, and which stored file is that release.
 */
export const prepareStampedCopyStep = createStep<StampedCopyRequest, PreparedStamp, PreparedStamp>(prepareStampedCopyStepId, async (input, { container }) => {
  const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const [existing] = await service.listStampedCopies({ grant_id: input.grant_id, version: input.version }, { select: ["id"], take: 1 })
  if (existing) return new StepResponse<PreparedStamp>({ exists: true })
  const grant = await service.retrieveDownloadGrant(input.grant_id, { select: ["id", "order_id", "asset_id", "email", "created_at"] })
  const asset = await service.retrieveDigitalAsset(grant.asset_id, { select: ["id", "file_id", "version", "stamp_template"] })
  let fileId = asset.file_id
  if (input.version !== asset.version) {
    const [release] = await service.listDigitalAssetVersions({ asset_id: asset.id, version: input.version }, { select: ["file_id"], take: 1 })
    fileId = release?.file_id ?? null
  }
  if (!fileId) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Release ${input.version} of asset ${asset.id} has no stored file`)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "order", fields: [...DELIVERY_ORDER_FIELDS, "created_at"], filters: { id: grant.order_id } })
  const order = data[0] as (DeliveryOrder & { created_at?: Date | string }) | undefined
  const facts = {
    client_name: order ? clientName(order) : grant.email ?? "",
    email: order?.email ?? grant.email ?? "",
    order_id: order?.display_id != null ? `#${order.display_id}` : grant.order_id,
    date: new Date(order?.created_at ?? grant.created_at).toISOString().slice(0, 10),
  }
  const subject = renderStampLine(asset.stamp_template, facts)
  return new StepResponse<PreparedStamp>({
    exists: false,
    grant_id: grant.id,
    asset_id: asset.id,
    version: input.version,
    file_id: fileId,
    input: { line: toStandardFontText(subject), subject, facts, layout: STAMP_LAYOUT },
  })
})

export const stampPdfCopyStepId = "stamp-pdf-copy"

/**
 * Stamps the buyer's copy off the main thread and stores it privately. A PDF
 * that cannot be stamped is an outcome (`failed`), not an error: the store's
 * setting decides what the buyer gets. The compensation deletes the stored copy.
 */
export const stampPdfCopyStep = createStep<PreparedStamp, StampOutcome | null, string | null>(
  stampPdfCopyStepId,
  async (prepared, { container }) => {
    if (prepared.exists) return new StepResponse<StampOutcome | null, string | null>(null, null)
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    const files = container.resolve<IFileModuleService>(Modules.FILE)
    try {
      const stamped = await stampStoredPdf(files, stampPool(service.getOptions().stamping), prepared.file_id, prepared.input)
      return new StepResponse<StampOutcome | null, string | null>({ status: "ready", ...stamped }, stamped.file_id)
    } catch (err) {
      if (!(err instanceof UnstampablePdfError)) throw err
      return new StepResponse<StampOutcome | null, string | null>({ status: "failed", failure: `${err.reason}: ${err.message}` }, null)
    }
  },
  async (fileId, { container }) => {
    if (!fileId) return
    await container.resolve<IFileModuleService>(Modules.FILE).deleteFiles(fileId).catch(() => undefined)
  }
)

export const recordStampedCopyStepId = "record-stamped-copy"

/** Records the copy (or the failure) for the grant and release; the compensation removes the row. */
export const recordStampedCopyStep = createStep(
  recordStampedCopyStepId,
  async ({ prepared, outcome }: { prepared: PreparedStamp; outcome: StampOutcome | null }, { container }) => {
    if (prepared.exists || !outcome) return new StepResponse(null)
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    const row = await service.createStampedCopies({
      grant_id: prepared.grant_id,
      asset_id: prepared.asset_id,
      version: prepared.version,
      ...(outcome.status === "ready"
        ? { status: "ready" as const, file_id: outcome.file_id, size: outcome.size, sha256: outcome.sha256, pages: outcome.pages }
        : { status: "failed" as const, failure: outcome.failure }),
    })
    return new StepResponse({ id: row.id, status: row.status }, row.id)
  },
  async (id, { container }) => {
    if (!id) return
    await container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE).deleteStampedCopies(id)
  }
)

export const alertUnstampablePdfStepId = "alert-unstampable-pdf"

/** Tells the merchant (the alert email) that a PDF could not be stamped. Cannot be undone: the last step. */
export const alertUnstampablePdfStep = createStep(
  alertUnstampablePdfStepId,
  async ({ prepared, outcome }: { prepared: PreparedStamp; outcome: StampOutcome | null }, { container }) => {
    if (prepared.exists || outcome?.status !== "failed") return new StepResponse(false)
    const payload: DownloadFailedPayload = {
      grant_id: prepared.grant_id,
      asset_id: prepared.asset_id,
      reason: "unstampable",
      message: outcome.failure,
    }
    await container.resolve<IEventBusModuleService>(Modules.EVENT_BUS).emit({ name: DigitalDeliveryEvents.DOWNLOAD_FAILED, data: payload })
    return new StepResponse(true)
  }
)

/** Whose copies: an asset's (all, or those of releases before `below_version`), or some grants'. */
export type DiscardStampedCopiesInput =
  | { asset_id: string; below_version?: number }
  | { grant_ids: string[] }

export const discardStampedCopiesStepId = "discard-stamped-copies"

/**
 * Takes an asset's stamped copies out of service (soft-deleted: the next
 * download stamps a new one); returns their stored files for the last step to
 * delete. The compensation brings the rows back.
 */
export const discardStampedCopiesStep = createStep(
  discardStampedCopiesStepId,
  async (input: DiscardStampedCopiesInput, { container }) => {
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    const filters =
      "grant_ids" in input
        ? { grant_id: input.grant_ids }
        : { asset_id: input.asset_id, ...(input.below_version ? { version: { $lt: input.below_version } } : {}) }
    const copies = await service.listStampedCopies(filters, { select: ["id", "file_id"] })
    if (copies.length) await service.softDeleteStampedCopies(copies.map((c) => c.id))
    const fileIds = copies.flatMap((c) => (c.file_id ? [c.file_id] : []))
    return new StepResponse(fileIds, copies.map((c) => c.id))
  },
  async (ids, { container }) => {
    if (!ids?.length) return
    await container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE).restoreStampedCopies(ids)
  }
)

export const deleteStampedCopyFilesStepId = "delete-stamped-copy-files"

/** Deletes discarded copies' stored files. Cannot be undone: the last step. */
export const deleteStampedCopyFilesStep = createStep(deleteStampedCopyFilesStepId, async (fileIds: string[], { container }) => {
  if (fileIds.length) await container.resolve<IFileModuleService>(Modules.FILE).deleteFiles(fileIds)
  return new StepResponse(fileIds.length)
})
