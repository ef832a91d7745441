import type { Locale } from "./locale"

/** A size as buyers read it ("1.5 MB", "1,5 MB"); empty when unknown. */
export function formatBytes(bytes: number | null, locale: Locale): string {
  if (bytes == null) return ""
  const units = ["B", "KB", "MB", "GB", "TB"]
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: unit ? 1 : 0 }).format(value)
  return `${number} ${units[unit]}`
}

/** A date as buyers read it ("24 December 2026"), in UTC. */
export function formatDate(date: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(date)
}
