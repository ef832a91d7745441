import { cookies } from "next/headers"

// The starter's cookies: the customer's token and the cart id, httpOnly.
const options = { maxAge: 60 * 60 * 24 * 7, httpOnly: true, sameSite: "strict", secure: process.env.NODE_ENV === "production" } as const

export const getAuthHeaders = async (): Promise<{ authorization: string } | Record<string, never>> => {
  const token = (await cookies()).get("_medusa_jwt")?.value
  return token ? { authorization: `Bearer ${token}` } : {}
}

export const setAuthToken = async (token: string) => (await cookies()).set("_medusa_jwt", token, options)
export const removeAuthToken = async () => (await cookies()).delete("_medusa_jwt")

export const getCartId = async () => (await cookies()).get("_medusa_cart_id")?.value
export const setCartId = async (cartId: string) => (await cookies()).set("_medusa_cart_id", cartId, options)
export const removeCartId = async () => (await cookies()).delete("_medusa_cart_id")
