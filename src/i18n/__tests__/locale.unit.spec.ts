import { DENIAL_MESSAGES, LOCALES, PAGE_STRINGS, pickLocale } from ".."

describe("pickLocale: one picker for Accept-Language and an order's locale", () => {
  it("takes the most wanted language the plugin speaks", () => {
    expect(pickLocale("de-DE, pl;q=0.8, fr;q=0.9")).toBe("fr")
    expect(pickLocale("en-GB;q=0.5, pl")).toBe("pl")
    expect(pickLocale("fr;q=0, pl;q=0.1")).toBe("pl")
  })

  it("reads a single tag with its region, in any case", () => {
    expect(pickLocale("FR-ca")).toBe("fr")
    expect(pickLocale("pl_PL")).toBe("pl")
  })

  it("falls back to English on anything else", () => {
    for (const wanted of [undefined, null, "", "*", "de", "fr;q=0", "constructor", "__proto__, toString"]) {
      expect(pickLocale(wanted)).toBe("en")
    }
  })

  it("has every string in every language", () => {
    for (const locale of LOCALES) {
      expect(Object.keys(DENIAL_MESSAGES[locale]).sort()).toEqual(Object.keys(DENIAL_MESSAGES.en).sort())
      expect(Object.keys(PAGE_STRINGS[locale]).sort()).toEqual(Object.keys(PAGE_STRINGS.en).sort())
    }
  })
})
