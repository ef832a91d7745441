/** The languages the plugin speaks to buyers (hosted pages, refusals, emails); English is the fallback. */
export const LOCALES = ["en", "fr", "pl"] as const
export type Locale = (typeof LOCALES)[number]

/**
 * The first of LOCALES wanted, English otherwise. Takes an Accept-Language
 * header ("pl, fr;q=0.8") or a single tag such as an order's locale ("fr-CA",
 * "pl_PL"): a region is ignored, q=0 excludes a language.
 */
export function pickLocale(wanted: string | null | undefined): Locale {
  const languages = (wanted ?? "")
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.trim().split(";")
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())).find(Boolean)
      return { lang: tag.trim().toLowerCase().split(/[-_]/)[0], q: q ? Number(q[1]) : 1 }
    })
    .filter((l) => l.lang && l.q > 0)
    .sort((a, b) => b.q - a.q)
  for (const { lang } of languages) {
    if ((LOCALES as readonly string[]).includes(lang)) return lang as Locale
  }
  return "en"
}
