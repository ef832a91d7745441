import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deliverOrderWorkflow } from "../../../../../workflows/deliver-order"
import { adminActor } from "../../../../utils/admin-actor"
import { orderDelivery } from "./helpers"

/** The order's grants and delivery emails (with their status: success, pending, failure). */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json(await orderDelivery(req, req.params.id))
}

/**
 * "Deliver now": issues the order's grants whatever the payment state (bank
 * transfer, cheque…) and sends the delivery email if it was never sent.
 */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { result } = await deliverOrderWorkflow(req.scope).run({
    input: { order_id: req.params.id, force: true, actor: await adminActor(req) },
  })
  res.json({ delivery: result, ...(await orderDelivery(req, req.params.id)) })
}
