import { formatBytes as formatSize } from "../../i18n/format"
import { plural, type PluralMessage } from "../../i18n/plural"
import type { DigitalOrder, GrantStatus } from "./types"

type BadgeColor = "green" | "red" | "blue" | "orange" | "grey" | "purple"
/** How a state shows as a badge. */
export type BadgeStyle = { label: string; color: BadgeColor }

/** 1536 → "1.5 KB", 1024 → "1 KB" (the buyers' English format); null → "—". */
export function formatBytes(bytes: number | string | null | undefined): string {
  if (bytes == null || bytes === "") return "—"
  const value = Number(bytes)
  return Number.isFinite(value) ? formatSize(value, "en") : "—"
}

/**
 * The Admin's counted phrases (English, like the rest of the Admin), one
 * message per plural category, chosen by the same helper as the buyers' words.
 */
export const COUNTED = {
  downloads: { one: "{n} download", other: "{n} downloads" },
  downloadsUsed: { one: "{n} download used", other: "{n} downloads used" },
  downloadsIssued: { one: "{n} download issued", other: "{n} downloads issued" },
  days: { one: "{n} day", other: "{n} days" },
  orders: { one: "{n} order", other: "{n} orders" },
  files: { one: "{n} file", other: "{n} files" },
  buyers: { one: "{n} buyer", other: "{n} buyers" },
  variants: { one: "{n} variant", other: "{n} variants" },
  otherVariantsRequireShipping: { one: "{n} other variant still requires shipping", other: "{n} other variants still require shipping" },
} satisfies Record<string, PluralMessage>

/** "1 day", "2 days", "1.1 downloads used". */
export function formatCount(phrase: keyof typeof COUNTED, count: number): string {
  return plural("en", count, COUNTED[phrase])
}

const dateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" })
const dateTimeFmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" })

export function formatDate(value: string | Date | null | undefined, empty = "—"): string {
  if (!value) return empty
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? empty : dateFmt.format(d)
}

export function formatDateTime(value: string | Date | null | undefined, empty = "—"): string {
  if (!value) return empty
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? empty : dateTimeFmt.format(d)
}

/**
 * Copies used, as the API shows them (2 decimals, rounded down so a grant never
 * reads as used up before it is), without trailing zeros: 1.1 → "1.1",
 * 2 → "2", 0.25 → "0.25".
 */
export function formatCopies(used: number | string | null | undefined): string {
  const n = Math.floor(Number(used ?? 0) * 100 + 1e-9) / 100
  return Number.isFinite(n) ? String(Number(n.toFixed(2))) : "0"
}

/** "1.1 / 5", or "1.1 / ∞" when unlimited. */
export function formatUsage(used: number | string | null | undefined, max: number | null): string {
  return `${formatCopies(used)} / ${max == null ? "∞" : max}`
}

/** "1 download used", "1.1 downloads used", "0 downloads used". */
export function formatDownloadsUsed(used: number | string | null | undefined): string {
  return formatCount("downloadsUsed", Number(formatCopies(used)))
}

/** The expiry cell: "Never" for null, the date otherwise. */
export function formatExpiry(value: string | null): string {
  return value ? formatDate(value) : "Never"
}

export function orderNumber(displayId: number | null | undefined, orderId: string): string {
  return displayId != null ? `#${displayId}` : orderId
}

export const GRANT_STATUS: Record<GrantStatus, BadgeStyle> = {
  active: { label: "Active", color: "green" },
  disabled: { label: "Disabled", color: "grey" },
  expired: { label: "Expired", color: "orange" },
  exhausted: { label: "Limit reached", color: "purple" },
  revoked: { label: "Revoked", color: "red" },
}

export const ORDER_STATUS_FILTERS: { value: string; label: string }[] = [
  { value: "all", label: "All" },
  { value: "active", label: "Active" },
  { value: "awaiting_payment", label: "Awaiting payment" },
  { value: "disabled", label: "Disabled" },
  { value: "expired", label: "Expired" },
  { value: "exhausted", label: "Limit reached" },
  { value: "revoked", label: "Revoked" },
  { value: "suspicious", label: "Suspicious" },
]

/** One state for an order row: canceled, awaiting payment, or its grants' dominant state. */
export function digitalOrderState(o: DigitalOrder): BadgeStyle {
  if (o.canceled_at) return { label: "Canceled", color: "red" }
  if (!o.delivered_at) return { label: "Awaiting payment", color: "blue" }
  if (o.grant_count === 0) return { label: "No files", color: "grey" }
  if (o.active_count === o.grant_count) return GRANT_STATUS.active
  if (o.active_count > 0) return { label: "Partly active", color: "orange" }
  const counts: [GrantStatus, number][] = [
    ["revoked", o.revoked_count],
    ["exhausted", o.exhausted_count],
    ["expired", o.expired_count],
    ["disabled", o.disabled_count],
  ]
  const [top] = counts.sort((a, b) => b[1] - a[1])
  return GRANT_STATUS[top[0]]
}

export const EMAIL_STATUS: Record<string, BadgeStyle> = {
  success: { label: "Sent", color: "green" },
  pending: { label: "Pending", color: "orange" },
  failure: { label: "Failed", color: "red" },
}

export const OUTCOME_LABEL: Record<string, BadgeStyle> = {
  served: { label: "Served", color: "green" },
  resumed: { label: "Resumed", color: "green" },
  redirected: { label: "Redirected", color: "green" },
  head: { label: "HEAD", color: "grey" },
  invalid_link: { label: "Invalid link", color: "red" },
  disabled: { label: "Disabled", color: "orange" },
  revoked: { label: "Revoked", color: "red" },
  expired: { label: "Expired", color: "orange" },
  limit_reached: { label: "Limit reached", color: "purple" },
  range_not_satisfiable: { label: "Bad range", color: "grey" },
  precondition_failed: { label: "Precondition failed", color: "grey" },
  storage_error: { label: "Storage error", color: "red" },
  aborted: { label: "Aborted", color: "orange" },
  unstampable: { label: "Not stampable", color: "red" },
}

/** Parses an optional positive integer field: "" → null, "12" → 12, anything else → undefined (invalid). */
export function parseOptionalInt(value: string, { min = 1, max = 1_000_000 } = {}): number | null | undefined {
  const trimmed = value.trim()
  if (trimmed === "") return null
  if (!/^\d+$/.test(trimmed)) return undefined
  const n = Number(trimmed)
  return n >= min && n <= max ? n : undefined
}

/** Copies text to the clipboard, with a fallback for browsers without the async Clipboard API. */
export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text)
      return
    } catch {
      // fall through to the legacy path (e.g. a permission refusal)
    }
  }
  const area = document.createElement("textarea")
  area.value = text
  area.setAttribute("readonly", "")
  area.style.position = "fixed"
  area.style.opacity = "0"
  document.body.appendChild(area)
  area.select()
  const ok = document.execCommand("copy")
  document.body.removeChild(area)
  if (!ok) throw new Error("The browser refused to copy")
}

/** What the history says of an action on a grant: its badge and the values before → after (or why). */
export const ACTIVITY_LABEL: Record<string, BadgeStyle> = {
  issued: { label: "Issued", color: "green" },
  email_sent: { label: "Email sent", color: "blue" },
  // "Access …": not to be read as a download refused because the grant was disabled (that outcome is "Disabled")
  enabled: { label: "Access enabled", color: "green" },
  disabled: { label: "Access disabled", color: "orange" },
  usage_reset: { label: "Usage reset", color: "blue" },
  limit_changed: { label: "Limit changed", color: "blue" },
  expiry_changed: { label: "Expiry changed", color: "blue" },
  link_regenerated: { label: "New link", color: "purple" },
  revoked: { label: "Revoked", color: "red" },
  license_key_revealed: { label: "License key revealed", color: "grey" },
  license_key_revoked: { label: "License key revoked", color: "red" },
  license_key_replaced: { label: "License key replaced", color: "purple" },
}

const REASONS: Record<string, string> = {
  payment: "on payment",
  reconcile: "by the reconcile job (paid order not delivered yet)",
  manual: "by hand (Deliver now)",
  refund: "order refunded",
  canceled: "order canceled",
}

type ActivityLike = {
  action: string
  actor_type: string
  actor_email: string | null
  change: { from: unknown; to: unknown } | null
  details: Record<string, unknown> | null
}

/** Who took an action: the Admin user's email, "API key", or "System" for the plugin's own. */
export function activityActor(entry: ActivityLike): string {
  if (entry.actor_type === "user") return entry.actor_email ?? "Admin user"
  if (entry.actor_type === "api-key") return "API key"
  return "System"
}

/** "5 → 10", "Never → Jan 2, 2031", "1.1 → 0", "order refunded", "resent · failed", with "bulk action" when it was one. */
export function activityDetail(entry: ActivityLike): string {
  const { change, details } = entry
  const parts: string[] = []
  if (change) {
    const show = (v: unknown) => {
      if (entry.action === "limit_changed") return v == null ? "∞" : String(v)
      if (entry.action === "expiry_changed") return formatExpiry((v as string | null) ?? null)
      if (entry.action === "usage_reset") return formatCopies(v as number)
      return String(v)
    }
    if (entry.action !== "enabled" && entry.action !== "disabled") parts.push(`${show(change.from)} → ${show(change.to)}`)
  }
  if (details?.reason === "release") {
    // A release's extra downloads: "+3 with release 2.1.0" (or "version 2").
    const name = details.version_label ? String(details.version_label) : `version ${String(details.version)}`
    parts.push(`+${String(details.extra_downloads)} with release ${name}`)
  } else if (details?.reason) parts.push(REASONS[String(details.reason)] ?? String(details.reason))
  if (details?.scope === "order") parts.push("all links of the order")
  if (details?.kind) parts.push(details.kind === "resend" ? "resent" : "delivery email")
  if (details?.status === "failed") parts.push("failed")
  if (details?.bulk) parts.push("bulk action")
  return parts.join(" · ")
}
