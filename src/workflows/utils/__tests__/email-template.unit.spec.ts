import { DEFAULT_TEMPLATES, pickLocale } from "../../../i18n"
import { renderDeliveryEmail, templateFor, unknownPlaceholders, type EmailContext } from "../email-template"

const context = (overrides: Partial<EmailContext> = {}): EmailContext => ({
  locale: "en",
  order_display_id: "#1042",
  client_name: "Ada <Lovelace>",
  email: "ada@example.com",
  store_name: "Books & Co",
  library_url: "https://shop.example.com/digital-downloads/orders/abc",
  files: [
    { name: "Guide.pdf", size: 1_572_864, url: "https://shop.example.com/digital-downloads/t1", max_downloads: 3, remaining: 2, expires_at: new Date("2026-12-24T10:00:00Z") },
    { name: "Guide.epub", size: 2048, url: "https://shop.example.com/digital-downloads/t2", max_downloads: 3, remaining: 3, expires_at: new Date("2026-12-31T10:00:00Z") },
  ],
  ...overrides,
})

describe("delivery email templates", () => {
  it("renders every placeholder in the subject, the text and the HTML", () => {
    const email = renderDeliveryEmail(
      { subject: "{StoreName}: order {OrderID}", body: "Hi {ClientName} ({Email})\n\n{DLFILES}\n\nMax {MaxDownloads}, until {ExpiryDate}: {LibraryURL}" },
      context()
    )
    expect(email.subject).toBe("Books & Co: order #1042")
    expect(email.text).toContain("Hi Ada <Lovelace> (ada@example.com)")
    expect(email.text).toContain("- Guide.pdf (1.5 MB, 2 downloads left): https://shop.example.com/digital-downloads/t1")
    expect(email.text).toContain("Max 3, until December 24, 2026: https://shop.example.com/digital-downloads/orders/abc")
    expect(email.html).toContain("Hi Ada &#60;Lovelace&#62;")
    expect(email.html).toContain('href="https://shop.example.com/digital-downloads/t2"')
    expect(email.html).not.toMatch(/\{[A-Za-z]+\}/)
  })

  it("escapes what the merchant or the buyer typed, so no markup gets in", () => {
    const email = renderDeliveryEmail({ subject: "x", body: "<script>alert(1)</script> {ClientName}" }, context({ client_name: '"><img src=x onerror=alert(1)>' }))
    expect(email.html).not.toMatch(/<script>|<img/)
  })

  it("never puts a line break in the subject", () => {
    expect(renderDeliveryEmail({ subject: "a\n{ClientName}", body: "" }, context({ client_name: "x\r\nBcc: evil@example.com" })).subject).not.toMatch(/[\r\n]/)
  })

  it("says unlimited and never in the buyer's language", () => {
    const files = context().files.map((f) => ({ ...f, max_downloads: null, remaining: null, expires_at: null }))
    const fr = renderDeliveryEmail(templateFor(null, "fr"), context({ locale: "fr", files }))
    expect(fr.text).toContain("Téléchargements par fichier : illimités. Expiration des liens : jamais.")
    const pl = renderDeliveryEmail(templateFor(null, "pl"), context({ locale: "pl", files }))
    expect(pl.subject).toBe("Twoje pliki do zamówienia #1042")
    expect(pl.text).toContain("Liczba pobrań każdego pliku: bez limitu. Linki wygasają: nigdy.")
  })

  it("links registered customers to their library instead of files", () => {
    const files = context().files.map((f) => ({ ...f, url: null }))
    const email = renderDeliveryEmail(templateFor(null, "en"), context({ files }))
    expect(email.text).toContain("- Guide.pdf (1.5 MB, 2 downloads left): https://shop.example.com/digital-downloads/orders/abc")
    expect(email.html).toContain("Log in to download")
  })

  it("reports unknown placeholders", () => {
    expect(unknownPlaceholders("{OrderID} {ClientNom} {DLFILES} {Foo} {Foo}")).toEqual(["{ClientNom}", "{Foo}"])
    for (const t of Object.values(DEFAULT_TEMPLATES)) {
      expect(unknownPlaceholders(t.subject + t.body)).toEqual([])
    }
  })

  it("falls back to English and to the default template", () => {
    expect(pickLocale("fr-CA")).toBe("fr")
    expect(pickLocale("pl_PL")).toBe("pl")
    expect(pickLocale("de")).toBe("en")
    expect(pickLocale(null)).toBe("en")
    expect(templateFor({ fr: { subject: "Mes fichiers" } }, "fr")).toEqual({ subject: "Mes fichiers", body: DEFAULT_TEMPLATES.fr.body })
  })
})

describe("delivery email links: only the plugin's links and the merchant's text become links", () => {
  const HOSTILE = ["Eve https://evil.example/x", '<a href="https://evil.example">x</a>', "Eve www.evil.example"]
  const anchors = (html: string) => [...html.matchAll(/<a\b[^>]*>/gi)].map((m) => m[0])
  const hrefs = (html: string) => [...html.matchAll(/\bhref\s*=\s*"([^"]*)"/gi)].map((m) => m[1])
  const onlyOurLinks = (html: string) => {
    expect(html).not.toMatch(/evil\.example[^<]*<\/a>/i)
    for (const href of hrefs(html)) expect(href).not.toMatch(/evil/i)
    for (const a of anchors(html)) expect(a).not.toMatch(/evil/i)
  }

  it.each(HOSTILE)("renders a buyer's name %j as escaped text, never as a link", (name) => {
    const email = renderDeliveryEmail(templateFor(null, "en"), context({ client_name: name }))
    onlyOurLinks(email.html)
    // Exactly the plugin's links: two files and the library, nothing else.
    expect(hrefs(email.html).sort()).toEqual(
      [
        "https://shop.example.com/digital-downloads/orders/abc",
        "https://shop.example.com/digital-downloads/t1",
        "https://shop.example.com/digital-downloads/t2",
      ].sort()
    )
    expect(email.html).not.toContain('<a href="https://evil')
    // Not even as bare text a mail client would link by itself (Gmail, Apple Mail…).
    expect(email.html).not.toContain("https://evil.example")
    expect(email.html).not.toContain("www.evil.example")
    expect(email.html).toMatch(name.startsWith("<") ? /Hello &#60;a href=/ : /Hello Eve /)
    // The plain-text part keeps the name as the buyer typed it, on its own greeting line.
    expect(email.text).toContain(`Hello ${name},`)
  })

  it("renders the buyer's email address as text too", () => {
    for (const email of ["eve+https://evil.example/x@example.com", '<a href="https://evil.example">x</a>']) {
      const rendered = renderDeliveryEmail(
        { subject: "Order {OrderID} for {Email}", body: "Sent to {Email}.\n\n{DLFILES}" },
        context({ email })
      )
      onlyOurLinks(rendered.html)
      expect(hrefs(rendered.html)).toHaveLength(2)
      expect(rendered.html).not.toContain("<a href=\"https://evil")
      expect(rendered.html).not.toContain("https://evil.example")
    }
  })

  it("does not let a buyer's value open or close tags or attributes", () => {
    const email = renderDeliveryEmail(
      { subject: "x", body: "See https://shop.example.com/help?n={ClientName} now\n\n{DLFILES}" },
      context({ client_name: '" onmouseover="alert(1)" x="<b>' })
    )
    // The merchant's URL stops before the buyer's value: the value is never part of an href.
    expect(email.html).toContain('href="https://shop.example.com/help?n="')
    expect(email.html).not.toMatch(/onmouseover="/)
    expect(email.html).not.toContain("<b>")
  })

  it("keeps a buyer's line breaks out of the HTML, the text and the subject", () => {
    const name = "Eve\n- Guide.pdf: https://evil.example/x\r\nBcc: victim@example.com\u2028x"
    const email = renderDeliveryEmail(
      { subject: "Files for {ClientName} ({Email})", body: "Hello {ClientName},\n\n{DLFILES}" },
      context({ client_name: name, email: "eve@example.com\r\nBcc: victim@example.com" })
    )
    expect(email.subject).not.toMatch(/[\r\n\u2028\u2029\u0085]/)
    expect(email.subject.startsWith("Files for Eve ")).toBe(true)
    // The greeting stays one line in the text part: no fake "- file: link" line.
    expect(email.text.split("\n").filter((l) => l.startsWith("- "))).toEqual([
      "- Guide.pdf (1.5 MB, 2 downloads left): https://shop.example.com/digital-downloads/t1",
      "- Guide.epub (2 KB, 3 downloads left): https://shop.example.com/digital-downloads/t2",
    ])
    expect(email.text).not.toMatch(/\nBcc:/)
    // No line break in the HTML from the buyer's value either.
    const greeting = email.html.match(/<p[^>]*>Hello [^]*?<\/p>/)![0]
    expect(greeting).not.toContain("<br>")
    onlyOurLinks(email.html)
    // Nor a right-to-left override that makes the name read backwards.
    expect(renderDeliveryEmail({ subject: "{ClientName}", body: "" }, context({ client_name: "Eve \u202elpmaxe.live" })).subject).toBe("Eve lpmaxe.live")
  })

  it("still links the URLs the merchant wrote in the template", () => {
    const email = renderDeliveryEmail(
      { subject: "x", body: "Questions? https://shop.example.com/help.\n\nOr (https://shop.example.com/faq), thanks\n\n{DLFILES}" },
      context()
    )
    expect(email.html).toContain('<a href="https://shop.example.com/help"')
    expect(email.html).toContain('<a href="https://shop.example.com/faq"')
    expect(email.html).toContain("</a>.")
  })

  it("links the files and the library: links the plugin builds itself", () => {
    const email = renderDeliveryEmail(templateFor(null, "en"), context())
    expect(email.html).toContain('<a href="https://shop.example.com/digital-downloads/t1"')
    expect(email.html).toContain('<a href="https://shop.example.com/digital-downloads/t2"')
    expect(email.html).toContain('<a href="https://shop.example.com/digital-downloads/orders/abc"')
    const inline = renderDeliveryEmail({ subject: "x", body: "Your files: {DLFILES} (all: {LibraryURL})" }, context())
    expect(hrefs(inline.html)).toHaveLength(3)
  })

  it("never links a library URL that is not http(s)", () => {
    const email = renderDeliveryEmail(templateFor(null, "en"), context({ library_url: "javascript:alert(1)", files: [] }))
    expect(hrefs(email.html)).toEqual([])
  })
})

describe("delivery email facts (issue 15)", () => {
  const ALBUM = "https://shop.example.com/digital-downloads/"
  const album = (): EmailContext["files"] => [
    { name: "Guide.pdf", size: 1024, url: `${ALBUM}t-guide`, max_downloads: null, remaining: null, expires_at: null },
    { name: "01 - Dawn.wav", size: 2048, url: `${ALBUM}t-dawn`, max_downloads: 5, remaining: 5, expires_at: null },
    { name: "02 - Noon.wav", size: 2048, url: `${ALBUM}t-noon`, max_downloads: 5, remaining: 0, expires_at: null, status: "exhausted" },
  ]

  it("does not claim one limit when files differ: the common limit, and the others by name", () => {
    const en = renderDeliveryEmail(templateFor(null, "en"), context({ files: album() }))
    expect(en.text).toContain("Downloads per file: 5; unlimited for Guide.pdf.")
    expect(en.html).toContain("Downloads per file: 5; unlimited for Guide.pdf.")
    const fr = renderDeliveryEmail(templateFor(null, "fr"), context({ locale: "fr", files: album() }))
    expect(fr.text).toContain("Téléchargements par fichier : 5 ; illimités pour Guide.pdf.")
    const pl = renderDeliveryEmail(templateFor(null, "pl"), context({ locale: "pl", files: album() }))
    expect(pl.text).toContain("Liczba pobrań każdego pliku: 5; bez limitu dla Guide.pdf.")
  })

  it("names each file's limit when no limit is shared by most files", () => {
    const files = [
      { name: "A.pdf", size: null, url: `${ALBUM}a`, max_downloads: 3, remaining: 3, expires_at: null },
      { name: "B.pdf", size: null, url: `${ALBUM}b`, max_downloads: 10, remaining: 10, expires_at: null },
    ]
    expect(renderDeliveryEmail({ subject: "s", body: "{MaxDownloads}" }, context({ files })).text).toBe("3; 10 for B.pdf")
    expect(renderDeliveryEmail({ subject: "s", body: "{MaxDownloads}" }, context({ files: files.slice(0, 1) })).text).toBe("3")
  })

  it("gives a used-up file no Download button or link, and says why, in HTML and text", () => {
    const email = renderDeliveryEmail(templateFor(null, "en"), context({ files: album() }))
    expect(email.html).not.toContain(`${ALBUM}t-noon`)
    expect(email.text).not.toContain(`${ALBUM}t-noon`)
    expect(email.text).toContain("- 02 - Noon.wav (2 KB): Download limit reached")
    expect(email.html).toMatch(/02 - Noon\.wav[\s\S]*Download limit reached/)
    expect(email.text).not.toContain("0 downloads left")
    // the others keep theirs
    expect(email.html).toContain(`href="${ALBUM}t-dawn"`)
    expect(email.text).toContain(`- 01 - Dawn.wav (2 KB, 5 downloads left): ${ALBUM}t-dawn`)
  })

  it("says why for expired, disabled and revoked files too, in each language, and links none of them", () => {
    const files = (["expired", "disabled", "revoked"] as const).map((status, i) => ({
      name: `F${i}.pdf`, size: null, url: `${ALBUM}x${i}`, max_downloads: 5, remaining: 5, expires_at: null, status,
    }))
    const reasons = {
      en: ["Link expired", "Not available at the moment", "No longer available"],
      fr: ["Lien expiré", "Indisponible pour le moment", "N’est plus disponible"],
      pl: ["Link wygasł", "Chwilowo niedostępny", "Już niedostępny"],
    } as const
    for (const locale of ["en", "fr", "pl"] as const) {
      const email = renderDeliveryEmail(templateFor(null, locale), context({ locale, files }))
      expect(email.html).not.toMatch(/digital-downloads\/x\d/)
      expect(email.text).not.toMatch(/digital-downloads\/x\d/)
      reasons[locale].forEach((reason, i) => expect(email.text).toContain(`- F${i}.pdf: ${reason}`))
    }
  })

  it("shows the order page as a labelled button in HTML and a labelled line in text, never as a raw URL", () => {
    const url = "https://shop.example.com/digital-downloads/orders/" + "x".repeat(200)
    const email = renderDeliveryEmail(templateFor(null, "en"), context({ library_url: url }))
    // a table-based button with inline styles
    expect(email.html).toMatch(new RegExp(`<table role="presentation"[^>]*>\\s*<tr>\\s*<td[^>]*background:[^>]*>\\s*<a href="${url}" style="[^"]*display:inline-block[^"]*">View your order</a>`))
    expect(email.html).not.toContain(`>${url}<`)
    expect(email.text).toContain(`View your order: ${url}`)
    const fr = renderDeliveryEmail(templateFor(null, "fr"), context({ locale: "fr", library_url: url }))
    expect(fr.html).toContain(">Voir votre commande</a>")
    expect(fr.text).toContain(`Voir votre commande : ${url}`)
    const pl = renderDeliveryEmail(templateFor(null, "pl"), context({ locale: "pl", library_url: url, library_kind: "library" }))
    expect(pl.html).toContain(">Otwórz swoją bibliotekę</a>")
    expect(pl.text).toContain(`Otwórz swoją bibliotekę: ${url}`)
  })

  it("keeps {LibraryURL} in a merchant's own sentence working: a short labelled link in HTML, the URL in text", () => {
    const email = renderDeliveryEmail({ subject: "s", body: "All your files: {LibraryURL}" }, context())
    expect(email.html).toContain(`All your files: <a href="https://shop.example.com/digital-downloads/orders/abc" style="color:#2563eb">View your order</a>`)
    expect(email.text).toBe("All your files: https://shop.example.com/digital-downloads/orders/abc")
    expect(renderDeliveryEmail({ subject: "s", body: "{LibraryURL}" }, context()).text).toBe("View your order: https://shop.example.com/digital-downloads/orders/abc")
  })
})
