// The Admin API for the browser tests' own set-up and checks (not what the browser does):
// one login for the whole run, one JSON client (scripts/lib/api-client.mjs) that
// throws with the route, the status and Medusa's message.
import { client } from "../lib/api-client.mjs"

/** Logs in as the demo's admin; returns `{ get, post, delete }` resolving with the JSON body. */
export async function adminApi(facts) {
  const http = client(facts.backend_url)
  const { token } = await http.post("/auth/user/emailpass", { email: facts.admin_email, password: facts.admin_password })
  const A = { authorization: `Bearer ${token}` }
  return {
    get: (url) => http.get(url, A),
    post: (url, body) => http.post(url, body, A),
    delete: (url) => http.delete(url, A),
  }
}
