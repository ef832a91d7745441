import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { serviceOf } from "../../../license-keys/helpers"

/** The order's license keys, masked: state, source, activations. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "order", fields: ["id"], filters: { id: req.params.id } })
  if (!data.length) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order with id: ${req.params.id} was not found`)
  const service = serviceOf(req.scope)
  const keys = await service.withLicenseManager((ctx) => service.licenseKeys.forAdmin(req.params.id, ctx))
  res.json({ license_keys: keys })
}
