import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { DIGITAL_DELIVERY_MODULE } from "../../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../../modules/digital-delivery/service"

/** A preview's fields in Admin answers: everything but the storage key, with its public URL. */
const FIELDS = ["id", "product_id", "asset_id", "title", "filename", "mime_type", "size", "sha256", "position", "source", "created_at", "updated_at"]

type PreviewRow = { id: string; size: unknown; [key: string]: unknown }

/** The row's FIELDS only: MedusaService adds `raw_size` (a bigNumber's raw value), which is not sent. */
export function toAdminPreview(service: DigitalDeliveryModuleService, row: PreviewRow) {
  const picked = Object.fromEntries(FIELDS.map((f) => [f, row[f]]))
  return { ...picked, size: Number(row.size), url: service.previewUrl(row.id) }
}

/** Previews of a product and/or of assets, each owner's in its order. */
export async function listAdminPreviews(container: MedusaContainer, filters: { product_id?: string; asset_id?: string | string[] }) {
  const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const or: Record<string, unknown>[] = []
  if (filters.product_id) or.push({ product_id: filters.product_id })
  if (filters.asset_id) or.push({ asset_id: [filters.asset_id].flat() })
  const rows = await service.listDigitalPreviews({ $or: or }, { select: FIELDS, order: { position: "ASC", created_at: "ASC" }, take: null })
  return rows.map((r) => toAdminPreview(service, r as unknown as PreviewRow))
}

export async function refetchPreview(container: MedusaContainer, id: string) {
  const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const [row] = await service.listDigitalPreviews({ id }, { select: FIELDS, take: 1 })
  if (!row) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Digital preview with id: ${id} was not found`)
  return toAdminPreview(service, row as unknown as PreviewRow)
}
