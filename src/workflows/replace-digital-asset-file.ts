import { createHook, createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { DigitalDeliveryEvents } from "../modules/digital-delivery/events"
import type { ActivityActor, FileVersionInput, ReleaseInput } from "../modules/digital-delivery/types"
import { addReleaseDownloadsStep, replaceDigitalAssetFileStep } from "./steps"

export const replaceDigitalAssetFileWorkflowId = "replace-digital-asset-file"

export type ReplaceDigitalAssetFileInput = {
  id: string
  file: FileVersionInput
  /** what the merchant says of the release: label, notes, extra downloads */
  release?: ReleaseInput
  /** whether buyers should be emailed about it (carried by the event; the update campaign decides) */
  notify?: boolean
  /** who published it, for the grants' history */
  actor?: ActivityActor | null
}

/**
 * Publishes a new release of an asset: its file becomes the current version
 * (grants and links already sent serve it), the release's extra downloads
 * are added to the current grants, and `digital_delivery.release_published`
 * is emitted once the workflow has succeeded.
 */
export const replaceDigitalAssetFileWorkflow = createWorkflow(
  replaceDigitalAssetFileWorkflowId,
  (input: ReplaceDigitalAssetFileInput) => {
    const asset = replaceDigitalAssetFileStep(
      transform({ input }, ({ input }) => ({ id: input.id, file: input.file, release: input.release ?? {} }))
    )
    const extra = addReleaseDownloadsStep(
      transform({ input, asset }, ({ input, asset }) => ({
        asset_id: input.id,
        version: asset.version,
        version_label: input.release?.version_label?.trim() || null,
        extra_downloads: input.release?.extra_downloads ?? 0,
        actor: input.actor ?? null,
      }))
    )
    // Emitted after the workflow succeeds (Medusa releases a workflow's grouped events then).
    emitEventStep({
      eventName: DigitalDeliveryEvents.RELEASE_PUBLISHED,
      data: transform({ input, asset }, ({ input, asset }) => ({
        asset_id: input.id,
        version: asset.version,
        notify: input.notify ?? false,
      })),
    }).config({ name: "emit-release-published" })
    const released = createHook("releasePublished", { asset_id: input.id, asset, extra_downloads: extra })
    return new WorkflowResponse(asset, { hooks: [released] })
  }
)
