"use client"

import { type CheckoutState, placeOrder } from "@lib/data/cart"
import { useActionState } from "react"

// The starter's names for its payment providers; the demo pays with Medusa's system provider.
const PROVIDER_NAMES: Record<string, string> = { pp_system_default: "Manual payment (test)", pp_stripe_stripe: "Credit card" }

type Props = { countryCode: string; email: string; countries: { code: string; name: string }[]; providers: string[] }

/** One step: email, billing address (Medusa requires one), payment, place the order. */
export default function CheckoutForm({ countryCode, email, countries, providers }: Props) {
  const [state, action, pending] = useActionState<CheckoutState, FormData>(placeOrder, { error: null })
  return (
    <form action={action} className="stack">
      <input type="hidden" name="country_code" value={countryCode} />
      <label>
        Email
        <input name="email" type="email" required defaultValue={email} autoComplete="email" />
      </label>
      <fieldset>
        <legend>Billing address</legend>
        <div className="row">
          <label>
            First name
            <input name="first_name" required autoComplete="given-name" />
          </label>
          <label>
            Last name
            <input name="last_name" required autoComplete="family-name" />
          </label>
        </div>
        <label>
          Address
          <input name="address_1" required autoComplete="address-line1" />
        </label>
        <div className="row">
          <label>
            Postal code
            <input name="postal_code" required autoComplete="postal-code" />
          </label>
          <label>
            City
            <input name="city" required autoComplete="address-level2" />
          </label>
          <label>
            Country
            <select name="address_country" defaultValue={countryCode}>
              {countries.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        </div>
      </fieldset>
      <fieldset>
        <legend>Payment</legend>
        {providers.map((id, i) => (
          <label key={id} className="inline">
            <input type="radio" name="provider_id" value={id} defaultChecked={i === 0} /> {PROVIDER_NAMES[id] ?? id}
          </label>
        ))}
      </fieldset>
      {state.error && (
        <p role="alert" className="error">
          {state.error}
        </p>
      )}
      <button type="submit" disabled={pending}>
        {pending ? "Placing your order…" : "Place order"}
      </button>
    </form>
  )
}
