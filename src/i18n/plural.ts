/**
 * Counted phrases: one message per plural category of the language, chosen by
 * the platform's rules (Intl.PluralRules, CLDR): English one/other; French
 * one (0 and 1 too)/many/other; Polish one/few/many/other ("1 pobranie",
 * "2 pobrania", "5 pobrań", "22 pobrania" but "12 pobrań"). "{n}" stands for
 * the number, written the locale's way. Pure: the Admin (browser) uses it too.
 */
export type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }

const rules = new Map<string, Intl.PluralRules>()
const numbers = new Map<string, Intl.NumberFormat>()

function cached<T>(cache: Map<string, T>, locale: string, make: () => T): T {
  let value = cache.get(locale)
  if (!value) cache.set(locale, (value = make()))
  return value
}

/** A count as the locale writes it: "1,000" (en), "1 000" (fr), "1,5" (fr, pl). */
export function formatCount(count: number, locale: string): string {
  return cached(numbers, locale, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 })).format(count)
}

/** The message of `count`'s plural category (`other` when the message has no own form), with {n} filled in. */
export function plural(locale: string, count: number, message: PluralMessage): string {
  const category = cached(rules, locale, () => new Intl.PluralRules(locale)).select(count)
  return (message[category] ?? message.other).replace("{n}", formatCount(count, locale))
}
