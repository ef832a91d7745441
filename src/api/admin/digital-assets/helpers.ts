import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { ADMIN_ASSET_FIELDS } from "../../utils/admin-responses"

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
