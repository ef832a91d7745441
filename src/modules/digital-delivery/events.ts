/** Events the plugin emits (through Medusa's event bus). */
export const DigitalDeliveryEvents = {
  /**
   * A download failed on the server side (file missing, storage error), or a
   * stamped PDF could not be stamped (encrypted, damaged: `unstampable`).
   * Payload: `{ grant_id: string, asset_id: string, reason: "storage_error" | "unstampable", message: string }`
   */
  DOWNLOAD_FAILED: "digital_delivery.download_failed",
  /**
   * A download was refused (expired, revoked, disabled, limit reached…).
   * Payload: `{ grant_id: string, outcome: string }`
   */
  DOWNLOAD_DENIED: "digital_delivery.download_denied",
  /**
   * A new release of an asset was published (its file replaced through
   * POST /admin/digital-assets/:id/file), emitted once it is stored. With
   * `notify: true` the plugin starts an update campaign to the asset's past buyers.
   * Payload: `{ asset_id: string, version: number, notify: boolean }`
   */
  RELEASE_PUBLISHED: "digital_delivery.release_published",
} as const

export type DownloadFailedPayload = { grant_id: string; asset_id: string; reason: "storage_error" | "unstampable"; message: string }
export type DownloadDeniedPayload = { grant_id: string; outcome: string }
export type ReleasePublishedPayload = { asset_id: string; version: number; notify: boolean }
