import type { Locale } from "./locale"
import { plural, type PluralMessage } from "./plural"

/**
 * The counted phrases a buyer reads (hosted pages, the email's {DLFILES}),
 * one message per plural category of each language ("{n}" = the number).
 * Polish puts the verb first and agrees it with the number. A new phrase is a
 * new CountedPhrase (the type then asks for it in every language).
 */
export type CountedPhrase = "downloadsLeft" | "zipUses"

export const COUNTED: Record<Locale, Record<CountedPhrase, PluralMessage>> = {
  en: {
    downloadsLeft: { one: "{n} download left", other: "{n} downloads left" },
    zipUses: { one: "The ZIP holds {n} file and uses one of its downloads.", other: "The ZIP holds {n} files and uses one download of each." },
  },
  fr: {
    downloadsLeft: { one: "{n} téléchargement restant", many: "{n} de téléchargements restants", other: "{n} téléchargements restants" },
    zipUses: {
      one: "Le ZIP contient {n} fichier et utilise un de ses téléchargements.",
      many: "Le ZIP contient {n} de fichiers et utilise un téléchargement de chacun.",
      other: "Le ZIP contient {n} fichiers et utilise un téléchargement de chacun.",
    },
  },
  pl: {
    downloadsLeft: { one: "pozostało {n} pobranie", few: "pozostały {n} pobrania", many: "pozostało {n} pobrań", other: "pozostało {n} pobrania" },
    zipUses: {
      one: "ZIP zawiera {n} plik i wykorzystuje jedno jego pobranie.",
      few: "ZIP zawiera {n} pliki i wykorzystuje jedno pobranie każdego z nich.",
      many: "ZIP zawiera {n} plików i wykorzystuje jedno pobranie każdego z nich.",
      other: "ZIP zawiera {n} pliku i wykorzystuje jedno pobranie każdego z nich.",
    },
  },
}

/** "2 downloads left", "1 téléchargement restant", "pozostały 22 pobrania". */
export function counted(locale: Locale, phrase: CountedPhrase, count: number): string {
  return plural(locale, count, COUNTED[locale][phrase])
}
