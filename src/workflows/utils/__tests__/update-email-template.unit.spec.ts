import { zodValidator } from "@medusajs/framework"
import { AdminUpdateDeliverySettings } from "../../../api/admin/digital-delivery/settings/validators"
import { LOCALES } from "../../../i18n"
import { unknownPlaceholders } from "../email-template"
import { UPDATE_PLACEHOLDERS, renderUpdateEmail, updateTemplateFor, versionName, type UpdateEmailContext } from "../update-email-template"
import { unsubscribeHeaders } from "../update-email"

const ctx = (over: Partial<UpdateEmailContext> = {}): UpdateEmailContext => ({
  locale: "en",
  order_display_id: "#1",
  client_name: "Ada https://evil.example",
  email: "ada@example.com",
  store_name: "Shop",
  library_url: "https://shop.example.com/o",
  files: [{ name: "Book.pdf", size: 2048, url: "https://shop.example.com/d/t1", max_downloads: null, remaining: null, expires_at: null }],
  product_name: "The Book",
  version: 3,
  version_label: null,
  release_notes: "New chapter.\n\nSee https://example.com/notes.",
  unsubscribe_url: "https://shop.example.com/digital-downloads/unsubscribe/tok",
  ...over,
})

describe("the update email", () => {
  it("{Version} is the label, else 'version N' in the buyer's language", () => {
    expect(versionName(ctx({ version_label: "2.1.0" }))).toBe("2.1.0")
    expect(versionName(ctx())).toBe("version 3")
    expect(versionName(ctx({ locale: "pl" }))).toBe("wersja 3")
  })

  it("renders the default template in every language with the files, the notes and the unsubscribe link", () => {
    for (const locale of LOCALES) {
      const email = renderUpdateEmail(updateTemplateFor(null, locale), ctx({ locale }))
      expect(email.subject).toContain("The Book")
      expect(email.text).toContain("https://shop.example.com/d/t1")
      expect(email.text).toContain("New chapter.")
      expect(email.text).toContain("https://shop.example.com/digital-downloads/unsubscribe/tok")
      expect(email.html).toContain('href="https://shop.example.com/digital-downloads/unsubscribe/tok"')
      expect(email.html).toContain('<a href="https://example.com/notes"')
      // What the buyer typed is never a link.
      expect(email.html).not.toContain('href="https://evil.example')
    }
  })

  it("a paragraph holding only {ReleaseNotes} disappears when the release has none; notes never reach the subject", () => {
    const template = { subject: "{ProductName} {ReleaseNotes}", body: "Hi\n\n{ReleaseNotes}\n\nBye" }
    const none = renderUpdateEmail(template, ctx({ release_notes: null }))
    expect(none.text).toBe("Hi\n\nBye")
    expect(none.subject).toBe("The Book")
    const some = renderUpdateEmail(template, ctx())
    expect(some.text).toBe("Hi\n\nNew chapter.\n\nSee https://example.com/notes.\n\nBye")
    expect(some.html.match(/<p style="margin:0 0 16px">/g)).toHaveLength(4)
  })

  it("the merchant's saved update template wins over the default, per language", () => {
    const templates = { en: { subject: "Delivery" }, update: { fr: { subject: "Nouveau {Version}", body: "" } } }
    expect(updateTemplateFor(templates, "fr").subject).toBe("Nouveau {Version}")
    expect(updateTemplateFor(templates, "fr").body).toContain("{DLFILES}")
    expect(updateTemplateFor(templates, "en").subject).toBe("{ProductName}: {Version} is available")
  })

  it("knows its own placeholders, not the delivery email's {OrderID}", () => {
    expect(unknownPlaceholders("{ProductName} {Version} {ReleaseNotes} {DLFILES} {ClientName} {StoreName} {UnsubscribeURL}", UPDATE_PLACEHOLDERS)).toEqual([])
    expect(unknownPlaceholders("{OrderID}", UPDATE_PLACEHOLDERS)).toEqual(["{OrderID}"])
  })

  it("settings: an unknown placeholder in templates.update is refused naming its field", async () => {
    await expect(zodValidator(AdminUpdateDeliverySettings, { templates: { update: { pl: { subject: "{OrderID}" } } } })).rejects.toThrow(
      /templates\.update\.pl\.subject: unknown placeholder \{OrderID\}/
    )
    expect(await zodValidator(AdminUpdateDeliverySettings, { templates: { en: { subject: "{OrderID}" }, update: { en: { subject: "{Version}" } } } })).toEqual({
      templates: { en: { subject: "{OrderID}" }, update: { en: { subject: "{Version}" } } },
    })
  })

  it("RFC 8058 headers: the URL in angle brackets, and the one-click body", () => {
    expect(unsubscribeHeaders("https://s.example/u/t")).toEqual({
      "List-Unsubscribe": "<https://s.example/u/t>",
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    })
  })
})
