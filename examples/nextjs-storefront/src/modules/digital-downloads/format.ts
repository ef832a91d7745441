import type { FailureReason, GrantStatus, OrderFile } from "medusa-plugin-digital-delivery/client"

/** 12 MB, 340 KB: sizes as a buyer reads them. */
export function formatSize(bytes: number | null): string | null {
  if (bytes == null) return null
  const units = ["bytes", "KB", "MB", "GB"]
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`
}

export const formatDate = (iso: string | null) =>
  iso ? new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric" }).format(new Date(iso)) : null

export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/** What a file's state means to the buyer. */
export const STATUS_WORDS: Record<GrantStatus | OrderFile["status"], string> = {
  pending: "Not delivered yet",
  active: "Ready",
  disabled: "Waiting for payment",
  expired: "Expired",
  exhausted: "Used up",
  revoked: "No longer available",
}

/** Why a download was refused, for the message above the list. */
export const REFUSAL_WORDS: Partial<Record<FailureReason, string>> = {
  limit_reached: "You have used all the downloads of this file. Contact the store if you need it again.",
  expired: "This file's download period is over. Contact the store if you need it again.",
  revoked: "This file is no longer available.",
  disabled: "This file is not available yet: the order is waiting for payment.",
  unauthorized: "Log in again to download your files.",
  not_found: "This file is not in your downloads.",
  rate_limited: "Too many downloads at once: wait a minute, then try again.",
  storage_unavailable: "The file cannot be read right now: try again in a few minutes.",
}
