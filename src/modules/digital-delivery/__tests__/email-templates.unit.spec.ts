import {
  DEFAULT_TEMPLATES,
  pickEmailLocale,
  renderDeliveryEmail,
  templateFor,
  unknownPlaceholders,
  type EmailContext,
} from "../lib/email-templates"

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
    expect(pickEmailLocale("fr-CA")).toBe("fr")
    expect(pickEmailLocale("pl_PL")).toBe("pl")
    expect(pickEmailLocale("de")).toBe("en")
    expect(pickEmailLocale(null)).toBe("en")
    expect(templateFor({ fr: { subject: "Mes fichiers" } }, "fr")).toEqual({ subject: "Mes fichiers", body: DEFAULT_TEMPLATES.fr.body })
  })
})
