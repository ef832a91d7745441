import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { resendDeliveryEmailWorkflow } from "../../../../../../workflows/resend-delivery-email"
import { clientIp, refuseIfLimited, resendLimiterOf } from "../../../../../utils/rate-limit"

export const RESEND_ACCEPTED = {
  accepted: true as const,
  message: "If this order has files to download, an email with its links is on its way to the order's email address.",
}

/**
 * "Email me my links again": sends the delivery email to the order's own
 * address (never one the caller chooses). The answer is the same 202 whether
 * the order exists, has files or an address, and comes before the email is
 * sent, so neither its body nor its timing tells anything. Limited per order
 * (whoever asks) and per client address: 429 + Retry-After, also the same for
 * any order id.
 */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const orderId = req.params.order_id
  const limited = await refuseIfLimited(req, res, resendLimiterOf(req), [
    { kind: "resend_order", id: orderId },
    { kind: "resend_ip", id: clientIp(req) },
  ])
  if (limited) return
  const logger = req.scope.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  void resendDeliveryEmailWorkflow(req.scope)
    .run({ input: { order_id: orderId } })
    .then(({ result }) => {
      if (result.status === "failed") logger.warn(`digital-delivery: a buyer's resend of order ${orderId} failed: ${result.error}`)
    })
    // An unknown order ends here (the workflow does not find it): nothing to tell anyone.
    .catch(() => undefined)
  res.setHeader("Cache-Control", "no-store")
  res.status(202).json(RESEND_ACCEPTED)
}
