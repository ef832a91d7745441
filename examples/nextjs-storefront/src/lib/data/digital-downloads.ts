"use server"

// The plugin's Store API, through its typed client. Copy this file (and
// src/modules/digital-downloads) into a store built on Medusa's Next.js
// Starter; it needs the starter's getAuthHeaders() (./cookies) and the two
// settings config.ts exports.
import { MEDUSA_BACKEND_URL, MEDUSA_PUBLISHABLE_KEY } from "@lib/config"
import Medusa from "@medusajs/js-sdk"
import {
  type DigitalDownloadList,
  type FailureReason,
  type OrderDownloads,
  type ProductDigitalFacts,
  type Result,
  createDownloadLink,
  getOrderDownloads,
  getProductDigitalFacts,
  listMyDownloads,
  resendOrderEmail,
} from "medusa-plugin-digital-delivery/client"
import { getAuthHeaders } from "./cookies"

/**
 * An sdk for this request: the store's backend and key, plus the logged-in
 * customer's token (the starter's _medusa_jwt cookie) when there is one. The
 * typed client sends what the sdk sends, so the order's own customer gets
 * links and "Downloads" knows whose files to list.
 */
async function storeSdk(): Promise<Medusa> {
  return new Medusa({ baseUrl: MEDUSA_BACKEND_URL, publishableKey: MEDUSA_PUBLISHABLE_KEY, globalHeaders: await getAuthHeaders() })
}

/** The product page's "PDF + EPUB, 12 MB, 5 downloads, 30 days". */
export async function productDigitalFacts(productId: string): Promise<Result<ProductDigitalFacts>> {
  return getProductDigitalFacts(await storeSdk(), productId)
}

/** The order confirmation's files: links only for the order's logged-in customer. */
export async function orderDownloads(orderId: string): Promise<Result<OrderDownloads>> {
  return getOrderDownloads(await storeSdk(), orderId)
}

/** The logged-in customer's files, newest first. */
export async function myDownloads(): Promise<Result<DigitalDownloadList>> {
  return listMyDownloads(await storeSdk(), { limit: 50 })
}

/** A link to one of the customer's files, valid for a few minutes: open it at once, never store it. */
export async function downloadLink(downloadId: string): Promise<Result<{ url: string }>> {
  return createDownloadLink(await storeSdk(), downloadId)
}

export type EmailLinksState = { status: "idle" | "sent" | "refused"; message: string | null }

/**
 * "Email me my links again" (a form's action, useActionState): the plugin
 * sends the delivery email to the order's own address, whoever asks.
 */
export async function emailMyLinks(_state: EmailLinksState, formData: FormData): Promise<EmailLinksState> {
  const result = await resendOrderEmail(await storeSdk(), String(formData.get("order_id") ?? ""))
  if (result.ok) return { status: "sent", message: result.data.message }
  const words: Partial<Record<FailureReason, string>> = {
    rate_limited: "You asked several times already: wait a while, then try again.",
  }
  return { status: "refused", message: words[result.reason] ?? "The email could not be requested. Try again later." }
}
