"use server"

import { sdk } from "@lib/config"
import type { HttpTypes } from "@medusajs/types"
import { redirect } from "next/navigation"
import { getAuthHeaders, getCartId, removeCartId, setCartId } from "./cookies"
import { getRegion } from "./regions"

const CART_FIELDS = "id,email,currency_code,total,region_id,*items,*region,*region.countries,*shipping_methods"

export async function retrieveCart(): Promise<HttpTypes.StoreCart | null> {
  const id = await getCartId()
  if (!id) return null
  return sdk.store.cart
    .retrieve(id, { fields: CART_FIELDS }, await getAuthHeaders())
    .then(({ cart }) => cart)
    .catch(() => null)
}

/** "Add to cart": the cart of the country's region (created on first use), then the checkout. */
export async function addToCart(formData: FormData) {
  const countryCode = String(formData.get("country_code") ?? "")
  const variantId = String(formData.get("variant_id") ?? "")
  const region = await getRegion(countryCode)
  if (!region) throw new Error(`No region sells to "${countryCode}"`)
  const headers = await getAuthHeaders()
  let cart = await retrieveCart()
  if (!cart || cart.region_id !== region.id) {
    cart = (await sdk.store.cart.create({ region_id: region.id }, {}, headers)).cart
    await setCartId(cart.id)
  }
  await sdk.store.cart.createLineItem(cart.id, { variant_id: variantId, quantity: 1 }, {}, headers)
  redirect(`/${countryCode}/checkout`)
}

export type CheckoutState = { error: string | null }

const field = (formData: FormData, name: string) => String(formData.get(name) ?? "").trim()

/**
 * The checkout form's action: email and billing address, a payment session
 * with the chosen provider, then the order. A cart of digital products only
 * needs no shipping method (the plugin's README: Fulfillment).
 */
export async function placeOrder(_state: CheckoutState, formData: FormData): Promise<CheckoutState> {
  const cart = await retrieveCart()
  if (!cart) return { error: "Your cart is empty." }
  const countryCode = field(formData, "country_code")
  const headers = await getAuthHeaders()
  const address = {
    first_name: field(formData, "first_name"),
    last_name: field(formData, "last_name"),
    address_1: field(formData, "address_1"),
    city: field(formData, "city"),
    postal_code: field(formData, "postal_code"),
    country_code: field(formData, "address_country") || countryCode,
  }
  let orderId: string
  try {
    const { cart: updated } = await sdk.store.cart.update(cart.id, { email: field(formData, "email"), billing_address: address }, { fields: CART_FIELDS }, headers)
    await sdk.store.payment.initiatePaymentSession(updated, { provider_id: field(formData, "provider_id") }, {}, headers)
    const done = await sdk.store.cart.complete(cart.id, {}, headers)
    if (done.type !== "order") return { error: done.error?.message ?? "The order could not be placed." }
    orderId = done.order.id
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) }
  }
  await removeCartId()
  redirect(`/${countryCode}/order/${orderId}/confirmed`)
}

export async function listPaymentProviders(regionId: string): Promise<HttpTypes.StorePaymentProvider[]> {
  const { payment_providers } = await sdk.store.payment.listPaymentProviders({ region_id: regionId })
  return payment_providers
}
