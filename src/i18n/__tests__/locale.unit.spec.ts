import { DENIAL_MESSAGES, LOCALES, PAGE_STRINGS, pickLocale } from ".."

describe("pickLocale: one picker for Accept-Language and an order's locale", () => {
  it.each([
    ["de-DE, pl;q=0.8, fr;q=0.9", "fr"], // the most wanted language the plugin speaks
    ["en-GB;q=0.5, pl", "pl"],
    ["fr;q=0, pl;q=0.1", "pl"], // q=0: not wanted
    ["FR-ca", "fr"], // a single tag, its region ignored, in any case
    ["pl_PL", "pl"],
    [undefined, "en"], // English otherwise
    [null, "en"],
    ["", "en"],
    ["*", "en"],
    ["de", "en"],
    ["fr;q=0", "en"],
    ["constructor", "en"],
    ["__proto__, toString", "en"],
  ])("%s → %s", (wanted, locale) => {
    expect(pickLocale(wanted)).toBe(locale)
  })

  it("has every string in every language", () => {
    for (const locale of LOCALES) {
      expect(Object.keys(DENIAL_MESSAGES[locale]).sort()).toEqual(Object.keys(DENIAL_MESSAGES.en).sort())
      expect(Object.keys(PAGE_STRINGS[locale]).sort()).toEqual(Object.keys(PAGE_STRINGS.en).sort())
    }
  })
})
