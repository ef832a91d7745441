import type { MedusaResponse, MedusaStoreRequest } from "@medusajs/framework/http"
import { orderDownloads } from "../../helpers"

/**
 * An order's digital goods, for the storefront's order confirmation page:
 * whether it has any, its delivery state and its files. Anyone holding the
 * order id (as with Medusa's GET /store/orders/:id) sees the list and the
 * state, never a link; the logged-in customer who placed the order also gets
 * a short-lived link per active file. See the README's "Store API and client".
 */
export async function GET(req: MedusaStoreRequest, res: MedusaResponse) {
  const auth = req.auth_context
  const customerId = auth?.actor_type === "customer" && auth.actor_id ? auth.actor_id : null
  res.setHeader("Cache-Control", "private, no-store")
  res.json(await orderDownloads(req, req.params.order_id, customerId))
}
