import type { Locale } from "./locale"

/**
 * Size units as each language abbreviates them, in steps of 1024 (what file
 * managers on Windows show): French counts octets ("Ko", "Mo", "Go").
 * Not Intl's `style: "unit"`: its units are decimal (1 kB = 1000 B) and its
 * short forms are "kB" and "1.5 byte" in English, "ko" in French.
 */
export const SIZE_UNITS: Record<Locale, readonly string[]> = {
  en: ["B", "KB", "MB", "GB", "TB"],
  fr: ["o", "Ko", "Mo", "Go", "To"],
  pl: ["B", "KB", "MB", "GB", "TB"],
}

const sizeNumbers = new Map<string, Intl.NumberFormat[]>()

/** The number of a size: whole bytes, one decimal for larger units ("1.5", "1,5"). */
function sizeNumber(locale: string, decimals: 0 | 1): Intl.NumberFormat {
  let formats = sizeNumbers.get(locale)
  if (!formats) {
    formats = [0, 1].map((d) => new Intl.NumberFormat(locale, { maximumFractionDigits: d }))
    sizeNumbers.set(locale, formats)
  }
  return formats[decimals]
}

/** A size as buyers read it ("1.5 MB", "1,5 Mo", "1,5 MB"); empty when unknown. */
export function formatBytes(bytes: number | null, locale: Locale): string {
  if (bytes == null) return ""
  const units = SIZE_UNITS[locale]
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${sizeNumber(locale, unit ? 1 : 0).format(value)} ${units[unit]}`
}

/** A date as buyers read it ("24 December 2026"), in UTC. */
export function formatDate(date: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(date)
}
