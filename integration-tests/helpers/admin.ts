import type { MedusaContainer } from "@medusajs/framework/types"
import { createUserAccountWorkflow } from "@medusajs/medusa/core-flows"

export const ADMIN_EMAIL = "admin@example.com"
export const ADMIN_PASSWORD = "supersecret-password"

type Api = {
  post: (url: string, body?: unknown, config?: unknown) => Promise<{ data: any }>
}

/**
 * Creates an admin the way Medusa does (register an emailpass identity, create
 * the user account) and logs in. Returns axios headers with the bearer token.
 */
export async function loginAsAdmin(api: Api, container: MedusaContainer) {
  const registered = await api.post("/auth/user/emailpass/register", {
    email: ADMIN_EMAIL,
    password: ADMIN_PASSWORD,
  })
  const jwt = JSON.parse(Buffer.from(registered.data.token.split(".")[1], "base64url").toString())
  await createUserAccountWorkflow(container).run({
    input: { authIdentityId: jwt.auth_identity_id, userData: { email: ADMIN_EMAIL } },
  })
  const login = await api.post("/auth/user/emailpass", { email: ADMIN_EMAIL, password: ADMIN_PASSWORD })
  return { headers: { authorization: `Bearer ${login.data.token}` } }
}
