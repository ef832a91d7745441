import type { MedusaRequest } from "@medusajs/framework/http"

type SessionAuth = { actor_id?: string; actor_type?: string }

/** The customer logged in through Medusa's session (the hosted login or POST /auth/session), if any. */
export function sessionCustomerId(req: MedusaRequest): string | null {
  const auth = (req as unknown as { session?: { auth_context?: SessionAuth } }).session?.auth_context
  return auth?.actor_type === "customer" && auth.actor_id ? auth.actor_id : null
}
