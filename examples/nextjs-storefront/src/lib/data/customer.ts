"use server"

import { sdk } from "@lib/config"
import type { HttpTypes } from "@medusajs/types"
import { redirect } from "next/navigation"
import { getAuthHeaders, getCartId, removeAuthToken, setAuthToken } from "./cookies"

export async function retrieveCustomer(): Promise<HttpTypes.StoreCustomer | null> {
  const headers = await getAuthHeaders()
  if (!("authorization" in headers)) return null
  return sdk.store.customer
    .retrieve({ fields: "id,email,first_name,last_name" }, headers)
    .then(({ customer }) => customer)
    .catch(() => null)
}

/** The login form's action (useActionState): an error message, or a redirect to the downloads. */
export async function login(_state: string | null, formData: FormData): Promise<string | null> {
  const email = String(formData.get("email") ?? "")
  const password = String(formData.get("password") ?? "")
  const countryCode = String(formData.get("country_code") ?? "")
  try {
    const token = await sdk.auth.login("customer", "emailpass", { email, password })
    if (typeof token !== "string") return "This account needs another way to log in."
    await setAuthToken(token)
    // A cart started as a guest becomes the customer's (the starter's transferCart).
    const cartId = await getCartId()
    if (cartId) await sdk.store.cart.transferCart(cartId, {}, { authorization: `Bearer ${token}` }).catch(() => undefined)
  } catch {
    return "Wrong email or password."
  }
  redirect(`/${countryCode}/account/downloads`)
}

export async function signout(formData: FormData) {
  await removeAuthToken()
  redirect(`/${String(formData.get("country_code") ?? "")}/account`)
}
