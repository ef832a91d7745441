import { DEFAULT_TEMPLATES, LICENSE_WORDS, LOCALES } from "../../../i18n"
import { renderDeliveryEmail, type EmailContext } from "../email-template"

const context = (overrides: Partial<EmailContext> = {}): EmailContext => ({
  locale: "en",
  order_display_id: "#7",
  client_name: "Grace",
  email: "grace@example.com",
  store_name: "Apps & Co",
  library_url: "https://shop.example.com/digital-downloads/orders/abc",
  files: [{ name: "Setup.exe", size: 2048, url: "https://shop.example.com/digital-downloads/t1", max_downloads: 3, remaining: 3, expires_at: null }],
  ...overrides,
})

const KEYS = [
  { label: "Photo Editor #1", key: "7K2Q-M9XD-4RTB-HW3E" },
  { label: "Photo Editor #2", key: null },
]

describe("{LICENSEKEYS}", () => {
  it("lists each key with what it is for, and says a pending one is on its way, in every language of the default templates", () => {
    for (const locale of LOCALES) {
      const email = renderDeliveryEmail(DEFAULT_TEMPLATES[locale], context({ locale, license_keys: KEYS }))
      expect(email.text).toContain(`- Photo Editor #1: 7K2Q-M9XD-4RTB-HW3E`)
      expect(email.text).toContain(`- Photo Editor #2: ${LICENSE_WORDS[locale].pending}`)
      expect(email.text).toContain(LICENSE_WORDS[locale].licenseKeys)
      expect(email.html).toContain("<code")
      expect(email.html).toContain("7K2Q-M9XD-4RTB-HW3E")
      expect(email.html).not.toMatch(/\{[A-Za-z]+\}/)
    }
  })

  it("leaves no trace in an order without keys: the paragraph goes, blank lines and all", () => {
    const email = renderDeliveryEmail(DEFAULT_TEMPLATES.en, context())
    expect(email.text).not.toContain("License keys")
    expect(email.text).not.toMatch(/\n{3,}/)
    expect(email.html).not.toContain("License keys")
    expect(email.html).not.toContain('<p style="margin:0 0 16px"></p>')
    // Not in a subject either.
    expect(renderDeliveryEmail({ subject: "Keys {LICENSEKEYS}", body: "x" }, context({ license_keys: KEYS })).subject).toBe("Keys")
  })

  it("escapes keys and labels: a pool key is whatever the merchant uploaded", () => {
    const email = renderDeliveryEmail(DEFAULT_TEMPLATES.en, context({ license_keys: [{ label: "<b>App</b>", key: '<img src=x onerror="1">' }] }))
    expect(email.html).not.toContain("<img src=x")
    expect(email.html).not.toContain("<b>App</b>")
  })
})
