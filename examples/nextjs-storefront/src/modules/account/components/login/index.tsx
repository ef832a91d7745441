"use client"

import { login } from "@lib/data/customer"
import { useActionState } from "react"

export default function Login({ countryCode }: { countryCode: string }) {
  const [error, action, pending] = useActionState(login, null)
  return (
    <form action={action} className="stack narrow">
      <h1>Log in</h1>
      <p className="muted">Log in to see and download the files you bought.</p>
      <input type="hidden" name="country_code" value={countryCode} />
      <label>
        Email
        <input name="email" type="email" required autoComplete="email" />
      </label>
      <label>
        Password
        <input name="password" type="password" required autoComplete="current-password" />
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending}>
        Log in
      </button>
    </form>
  )
}
