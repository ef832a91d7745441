import type { AuthenticatedMedusaRequest } from "@medusajs/framework/http"
import type { IUserModuleService } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import type { ActivityActor } from "../../modules/digital-delivery/types"

/**
 * Who is calling an Admin route, for a grant's history: the Admin user with
 * their email (read once per request, and stored with the entry, so the
 * history keeps it if the user is renamed or deleted), or the secret API key.
 */
export async function adminActor(req: AuthenticatedMedusaRequest): Promise<ActivityActor> {
  const auth = req.auth_context
  if (!auth?.actor_id) return { type: "system" }
  if (auth.actor_type === "api-key") return { type: "api-key", id: auth.actor_id }
  const users = req.scope.resolve<IUserModuleService>(Modules.USER)
  const [user] = await users.listUsers({ id: auth.actor_id }, { select: ["id", "email"], take: 1 })
  return { type: "user", id: auth.actor_id, email: user?.email ?? null }
}
