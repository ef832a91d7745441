"use client"

import { type EmailLinksState, emailMyLinks } from "@lib/data/digital-downloads"
import { useActionState } from "react"

/** "Email me my links again": sends the delivery email to the order's address (which nobody here sees). */
export default function EmailLinksButton({ orderId }: { orderId: string }) {
  const [state, action, pending] = useActionState<EmailLinksState, FormData>(emailMyLinks, { status: "idle", message: null })
  return (
    <form action={action} className="email-links">
      <input type="hidden" name="order_id" value={orderId} />
      <button type="submit" className="secondary" disabled={pending || state.status === "sent"}>
        {pending ? "Sending…" : "Email me my links again"}
      </button>
      {state.message && (
        <p role="status" className={state.status === "sent" ? "ok" : "error"} data-testid="email-links-status">
          {state.message}
        </p>
      )}
    </form>
  )
}
