import { fileList, type PageFile } from "../../api/utils/pages"
import { renderDeliveryEmail, templateFor, type EmailFile } from "../../workflows/utils/email-template"
import { COUNTED, formatBytes, LOCALES, PAGE_STRINGS, type Locale } from ".."

/**
 * The counted words and the sizes a buyer reads, per language, where they are
 * read: the delivery email's {DLFILES} (text and HTML) and the hosted pages'
 * file list (order page, library). Plural categories: English one/other,
 * French one (0 too)/other, Polish one/few/many.
 */
const emailFacts = (locale: Locale, file: Partial<EmailFile>) => {
  const email = renderDeliveryEmail(templateFor(null, locale), {
    locale,
    order_display_id: "#1",
    client_name: "Ada",
    email: "ada@example.com",
    store_name: "Shop",
    library_url: "https://shop.example.com/l",
    files: [{ name: "a.pdf", size: null, url: "https://shop.example.com/t", max_downloads: 5, remaining: null, expires_at: null, ...file }],
  })
  const text = /- a\.pdf \((.*)\): https/.exec(email.text)?.[1]
  const html = /<div style="font-size:13px;color:#71717a">(.*?)<\/div>/.exec(email.html)?.[1]
  return { text, html }
}

const pageFacts = (locale: Locale, file: Partial<PageFile>) => {
  const html = fileList([{ name: "a.pdf", size: null, status: "active", remaining: null, expires_at: null, href: "/t", ...file }], locale, PAGE_STRINGS[locale])
  return /<div class="muted">(.*?)<\/div>/.exec(html)?.[1].split(" · ")
}

const LEFT: Record<Locale, [number, string][]> = {
  en: [
    [0, "0 downloads left"],
    [1, "1 download left"],
    [2, "2 downloads left"],
    [5, "5 downloads left"],
    [22, "22 downloads left"],
  ],
  fr: [
    [0, "0 téléchargement restant"],
    [1, "1 téléchargement restant"],
    [2, "2 téléchargements restants"],
    [5, "5 téléchargements restants"],
    [22, "22 téléchargements restants"],
    [1_000_000, "1\u202f000\u202f000 de téléchargements restants"], // CLDR's "many"
  ],
  pl: [
    [0, "pozostało 0 pobrań"],
    [1, "pozostało 1 pobranie"],
    [2, "pozostały 2 pobrania"],
    [3, "pozostały 3 pobrania"],
    [5, "pozostało 5 pobrań"],
    [12, "pozostało 12 pobrań"],
    [21, "pozostało 21 pobrań"],
    [22, "pozostały 22 pobrania"],
    [112, "pozostało 112 pobrań"],
  ],
}

const SIZES: Record<Locale, [number, string][]> = {
  en: [
    [0, "0 B"],
    [512, "512 B"],
    [1024, "1 KB"],
    [1536, "1.5 KB"],
    [1_572_864, "1.5 MB"],
    [2.5 * 1024 ** 3, "2.5 GB"],
    [1.5 * 1024 ** 4, "1.5 TB"],
  ],
  fr: [
    [0, "0 o"],
    [512, "512 o"],
    [1024, "1 Ko"],
    [1536, "1,5 Ko"],
    [1_572_864, "1,5 Mo"],
    [2.5 * 1024 ** 3, "2,5 Go"],
    [1.5 * 1024 ** 4, "1,5 To"],
  ],
  pl: [
    [0, "0 B"],
    [512, "512 B"],
    [1024, "1 KB"],
    [1536, "1,5 KB"],
    [1_572_864, "1,5 MB"],
    [2.5 * 1024 ** 3, "2,5 GB"],
    [1.5 * 1024 ** 4, "1,5 TB"],
  ],
}

describe.each(Object.keys(LEFT) as Locale[])("the buyer's words in %s", (locale) => {
  it.each(LEFT[locale])("%d left → %s (email text and HTML, hosted pages)", (remaining, phrase) => {
    expect(emailFacts(locale, { remaining })).toEqual({ text: phrase, html: phrase })
    expect(pageFacts(locale, { remaining })).toEqual([phrase])
  })

  it.each(SIZES[locale])("%d bytes → %s (email text and HTML, hosted pages)", (size, words) => {
    expect(formatBytes(size, locale)).toBe(words)
    expect(emailFacts(locale, { size })).toEqual({ text: words, html: words })
    expect(pageFacts(locale, { size })).toEqual([words, PAGE_STRINGS[locale].unlimited])
  })

  it("puts size and downloads left together", () => {
    const { text, html } = emailFacts(locale, { size: 1_572_864, remaining: 2 })
    expect(text).toBe(`${SIZES[locale][4][1]}, ${LEFT[locale][2][1]}`)
    expect(html).toBe(`${SIZES[locale][4][1]} · ${LEFT[locale][2][1]}`)
  })
})

it("has a message for every plural category of each language (Intl.PluralRules)", () => {
  for (const locale of LOCALES) {
    const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories
    for (const message of Object.values(COUNTED[locale])) {
      expect(Object.keys(message).sort()).toEqual([...categories].sort())
    }
  }
})
