import type { Locale } from "./locale"
import { plural, type PluralMessage } from "./plural"

/**
 * The counted phrases a buyer reads (hosted pages, the email's {DLFILES}),
 * one message per plural category of each language ("{n}" = the number).
 * Polish puts the verb first and agrees it with the number. A new phrase is a
 * new CountedPhrase (the type then asks for it in every language).
 */
export type CountedPhrase = "downloadsLeft"

export const COUNTED: Record<Locale, Record<CountedPhrase, PluralMessage>> = {
  en: {
    downloadsLeft: { one: "{n} download left", other: "{n} downloads left" },
  },
  fr: {
    downloadsLeft: { one: "{n} téléchargement restant", many: "{n} de téléchargements restants", other: "{n} téléchargements restants" },
  },
  pl: {
    downloadsLeft: { one: "pozostało {n} pobranie", few: "pozostały {n} pobrania", many: "pozostało {n} pobrań", other: "pozostało {n} pobrania" },
  },
}

/** "2 downloads left", "1 téléchargement restant", "pozostały 22 pobrania". */
export function counted(locale: Locale, phrase: CountedPhrase, count: number): string {
  return plural(locale, count, COUNTED[locale][phrase])
}
