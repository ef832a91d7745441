import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { DIGITAL_DELIVERY_MODULE } from "../../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../../modules/digital-delivery/service"
import { shownUsage } from "../../../modules/digital-delivery/utils/grant-rules"
import type { DigitalOrderRow, GrantListRow } from "../../../modules/digital-delivery/types"

/**
 * A grant as the admin sees it, with the link to copy (signed for its current
 * token_version). Usage is shown in copies to 2 decimals (shownUsage); the
 * internal reservation (`reserved`, and any `raw_*` column) is never sent.
 */
export function toAdminGrant(service: DigitalDeliveryModuleService, row: GrantListRow) {
  const {
    asset_title,
    asset_filename,
    asset_kind,
    asset_size,
    reserved: _reserved,
    raw_downloads_used: _rawDownloadsUsed,
    raw_bytes_sent: _rawBytesSent,
    raw_reserved: _rawReserved,
    ...grant
  } = row as GrantListRow & Partial<Record<"reserved" | "raw_downloads_used" | "raw_bytes_sent" | "raw_reserved", unknown>>
  return {
    ...grant,
    downloads_used: shownUsage(row.downloads_used),
    bytes_sent: Number(row.bytes_sent ?? 0),
    asset: {
      id: row.asset_id,
      title: asset_title,
      filename: asset_filename,
      kind: asset_kind,
      size: asset_size == null ? null : Number(asset_size),
    },
    download_url: service.grantDownloadUrl(row),
  }
}

/** An order row of the "Digital deliveries" list: its usage (sum over its grants) shown like a grant's. */
export function toAdminDigitalOrder(row: DigitalOrderRow): DigitalOrderRow {
  return { ...row, downloads_used: shownUsage(row.downloads_used) }
}

export async function refetchDownloadGrant(container: MedusaContainer, id: string) {
  const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const [rows] = await service.listGrants({ id }, { limit: 1, offset: 0 })
  if (!rows[0]) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Download grant with id: ${id} was not found`)
  }
  const events = await service.listDownloadEvents(
    { grant_id: id },
    {
      take: 50,
      order: { created_at: "DESC" },
      select: ["id", "outcome", "counted", "bytes_sent", "range", "status", "ip", "user_agent", "created_at"],
    }
  )
  return { ...toAdminGrant(service, rows[0]), download_events: events }
}
