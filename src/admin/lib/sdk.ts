import Medusa from "@medusajs/js-sdk"

/** The JS SDK as Medusa Admin uses it: same origin, session cookie. */
export const sdk = new Medusa({
  baseUrl: import.meta.env.VITE_BACKEND_URL || "/",
  auth: { type: "session" },
})
