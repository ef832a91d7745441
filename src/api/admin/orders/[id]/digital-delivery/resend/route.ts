import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { adminActor } from "../../../../../utils/admin-actor"
import { resendDeliveryEmailWorkflow } from "../../../../../../workflows/resend-delivery-email"

/** Sends the delivery email again, with the current links. A provider failure is reported, not hidden. */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { result } = await resendDeliveryEmailWorkflow(req.scope).run({ input: { order_id: req.params.id, actor: await adminActor(req) } })
  if (result.status === "failed") {
    res.status(502).json({ type: "email_failed", message: `The email could not be sent: ${result.error}`, email: result })
    return
  }
  if (result.status === "skipped") {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Nothing to send: ${result.error ?? "the order has no download"}`)
  }
  res.json({ email: result })
}
