import type Medusa from "@medusajs/js-sdk"
import type {
  DigitalDownloadList,
  DownloadLink,
  Failure,
  FailureReason,
  LinkCheck,
  OrderDownloads,
  ProductDigitalFacts,
  ResendAccepted,
  Result,
} from "./types"

export type * from "./types"

/**
 * The typed client of the plugin's Store API and download links, over a
 * `@medusajs/js-sdk` instance (its base URL, publishable key and the
 * customer's session or token). No React, no Next.js: call it from a server
 * component, a route handler or the browser. Every function resolves (never
 * throws for an HTTP refusal) with `{ ok: true, data }` or `{ ok: false, reason }`.
 *
 *   import Medusa from "@medusajs/js-sdk"
 *   import { getOrderDownloads } from "medusa-plugin-digital-delivery/client"
 *   const sdk = new Medusa({ baseUrl, publishableKey })
 *   const order = await getOrderDownloads(sdk, params.id)
 *   if (order.ok && order.data.has_digital_goods) …
 */
export type MedusaSdk = Pick<Medusa, "client">

const BASE = "/store/digital-downloads"
const json = { accept: "application/json" }

/** What a refused Store call says, from the SDK's FetchError (status and message). */
export function failureOf(error: unknown): Failure {
  const e = error as { status?: number; message?: string }
  const status = typeof e?.status === "number" ? e.status : null
  const message = typeof e?.message === "string" ? e.message : String(error)
  return { ok: false, reason: reasonOf(status, message), status, message }
}

function reasonOf(status: number | null, message: string): FailureReason {
  // POST …/:id/link refuses an unusable file with "This download is <state>: …".
  const state = /This download is (\w+)/.exec(message)?.[1]
  if (state === "exhausted") return "limit_reached"
  if (state === "expired" || state === "revoked" || state === "disabled") return state
  switch (status) {
    case 400:
      return "invalid_request"
    case 401:
      return "unauthorized"
    case 403:
      return "disabled"
    case 404:
      return "not_found"
    case 409:
      return "unstampable"
    case 429:
      return "rate_limited"
    case 503:
      return "storage_unavailable"
    default:
      return "unknown"
  }
}

async function call<T>(run: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, data: await run() }
  } catch (error) {
    return failureOf(error)
  }
}

const id = (value: string) => encodeURIComponent(value)

/**
 * An order's digital goods, for its confirmation page: delivery state and
 * files; links (`download_url`) only when the SDK is logged in as the customer
 * who placed it. Reasons: not_found, invalid_request.
 */
export function getOrderDownloads(sdk: MedusaSdk, orderId: string): Promise<Result<OrderDownloads>> {
  return call(() => sdk.client.fetch<OrderDownloads>(`${BASE}/orders/${id(orderId)}`, { headers: json }))
}

/**
 * "Email me my links again": the delivery email to the order's own address.
 * The answer is the same for any order id (nothing to learn from it).
 * Reasons: rate_limited (per order and per address), invalid_request.
 */
export function resendOrderEmail(sdk: MedusaSdk, orderId: string): Promise<Result<ResendAccepted>> {
  return call(() => sdk.client.fetch<ResendAccepted>(`${BASE}/orders/${id(orderId)}/resend`, { method: "POST", headers: json, body: {} }))
}

/** A product's files before buying: formats, sizes, downloads and days per variant. Reasons: not_found. */
export function getProductDigitalFacts(sdk: MedusaSdk, productId: string): Promise<Result<ProductDigitalFacts>> {
  return call(() => sdk.client.fetch<ProductDigitalFacts>(`${BASE}/products/${id(productId)}`, { headers: json }))
}

/** The logged-in customer's downloads, newest first. Reasons: unauthorized. */
export function listMyDownloads(sdk: MedusaSdk, page: { limit?: number; offset?: number } = {}): Promise<Result<DigitalDownloadList>> {
  return call(() => sdk.client.fetch<DigitalDownloadList>(BASE, { headers: json, query: page }))
}

/**
 * A link to one of the logged-in customer's files, valid for a few minutes
 * (open it, don't store it); `release`: an earlier release listed in the
 * download's `earlier_releases`. Reasons: unauthorized, not_found (not theirs,
 * or no such release), expired, revoked, limit_reached, disabled.
 */
export function createDownloadLink(sdk: MedusaSdk, downloadId: string, options: { release?: number } = {}): Promise<Result<DownloadLink>> {
  const body = options.release == null ? {} : { release: options.release }
  return call(() => sdk.client.fetch<DownloadLink>(`${BASE}/${id(downloadId)}/link`, { method: "POST", headers: json, body }))
}

/** The download links' refusal codes (X-Denial-Code) as reasons. */
const DENIAL_REASONS: Record<string, FailureReason> = {
  not_found: "not_found",
  release_not_found: "not_found",
  disabled: "disabled",
  expired: "expired",
  revoked: "revoked",
  limit_reached: "limit_reached",
  too_many_requests: "rate_limited",
  storage_unavailable: "storage_unavailable",
  unstampable: "unstampable",
}

/**
 * Whether a download link (an emailed one, or createDownloadLink's) would
 * serve its file now, without using a download: a HEAD request (HEAD never
 * counts). Public route, no SDK needed; from a browser on another origin than
 * the backend the answer is not readable (no CORS on download links): call it
 * server-side. Reasons: not_found, expired, revoked, limit_reached, disabled,
 * rate_limited, storage_unavailable, unstampable.
 */
export async function checkDownloadLink(url: string, options: { fetch?: typeof fetch } = {}): Promise<Result<LinkCheck>> {
  const doFetch = options.fetch ?? fetch
  let res: Response
  try {
    res = await doFetch(url, { method: "HEAD", headers: json, redirect: "manual" })
  } catch (error) {
    return { ok: false, reason: "unknown", status: null, message: String(error) }
  }
  if (res.status < 400) {
    const length = res.headers.get("content-length")
    const disposition = res.headers.get("content-disposition") ?? ""
    const name = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1] ?? /filename="([^"]*)"/i.exec(disposition)?.[1] ?? null
    return {
      ok: true,
      data: {
        size: length == null || res.status >= 300 ? null : Number(length),
        filename: name == null ? null : safeDecode(name),
        content_type: res.status >= 300 ? null : res.headers.get("content-type"),
      },
    }
  }
  const code = res.headers.get("x-denial-code") ?? ""
  const reason = DENIAL_REASONS[code] ?? reasonOf(res.status, "")
  return { ok: false, reason, status: res.status, message: code || res.statusText }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
