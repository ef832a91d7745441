import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"

/**
 * The asset fields an admin sees. `file_id` (the storage key) is never among
 * them: no response reveals where or under which key a file is stored.
 */
export const ADMIN_ASSET_FIELDS = [
  "id",
  "title",
  "kind",
  "external_url",
  "filename",
  "mime_type",
  "size",
  "sha256",
  "version",
  "max_downloads",
  "validity_days",
  "metadata",
  "file_updated_at",
  "created_at",
  "updated_at",
  "product_variants.id",
  "product_variants.title",
  "product_variants.sku",
  "product_variants.product_id",
]

export async function refetchDigitalAsset(container: MedusaContainer, id: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "digital_asset",
    fields: ADMIN_ASSET_FIELDS,
    filters: { id },
  })
  if (!data[0]) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Digital asset with id: ${id} was not found`)
  }
  return data[0]
}
