import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { bulkUpdateOrderGrantsWorkflow } from "../../../../../workflows/bulk-update-order-grants"
import { adminActor } from "../../../../utils/admin-actor"
import type { AdminBatchDigitalOrdersType } from "../validators"

/** Bulk action on the selected orders' grants: enable, disable, revoke, or extend by `days`. */
export async function POST(req: AuthenticatedMedusaRequest<AdminBatchDigitalOrdersType>, res: MedusaResponse) {
  const { result } = await bulkUpdateOrderGrantsWorkflow(req.scope).run({ input: { ...req.validatedBody, actor: await adminActor(req) } })
  res.json(result)
}
