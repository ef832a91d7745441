import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { regenerateOrderLinksWorkflow } from "../../../../../../workflows/regenerate-order-links"
import { adminActor } from "../../../../../utils/admin-actor"
import { orderDelivery } from "../helpers"
import type { AdminRegenerateOrderLinksType } from "./validators"

/**
 * New links for the whole order: the order page, its ZIP and every file. Every
 * link sent before answers 404 from now on. With `resend: true` the buyer gets
 * the new links by email; a failed email is reported in `email`, the new links
 * stay.
 */
export async function POST(req: AuthenticatedMedusaRequest<AdminRegenerateOrderLinksType>, res: MedusaResponse) {
  const { result } = await regenerateOrderLinksWorkflow(req.scope).run({
    input: { order_id: req.params.id, resend: req.validatedBody.resend, actor: await adminActor(req) },
  })
  res.json({ regenerated: result, ...(await orderDelivery(req, req.params.id)) })
}
