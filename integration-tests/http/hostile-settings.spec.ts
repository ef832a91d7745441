import { httpSuite } from "../helpers/harness"
import { rawRequest, responseOf } from "../helpers/hostile"

/** Admin JSON bodies under attack: values of the wrong type, prototype keys, broken JSON, unknown placeholders. */
const invalidSettings: [unknown, RegExp][] = [
  [{ default_max_downloads: "5" }, /default_max_downloads/],
  [{ default_max_downloads: -1 }, /default_max_downloads/],
  [{ default_max_downloads: 1.5 }, /default_max_downloads/],
  [{ default_max_downloads: 1e12 }, /default_max_downloads/],
  [{ default_validity_days: 0 }, /default_validity_days/],
  [{ default_validity_days: 1e9 }, /default_validity_days/],
  [{ revoke_on_refund: "yes" }, /revoke_on_refund/],
  [{ revoke_on_refund: null }, /revoke_on_refund/],
  [{ delivery_trigger: "sometimes" }, /delivery_trigger/],
  [{ registered_links: 1 }, /registered_links/],
  [{ alert_email: "not-an-email" }, /alert_email/],
  [{ alert_email: "ops@example.com\r\nBcc: victim@example.com" }, /alert_email/],
  [{ storefront_url: "javascript:alert(1)" }, /storefront_url/],
  [{ storefront_url: "not a url" }, /storefront_url/],
  [{ templates: "hello" }, /templates/],
  [{ templates: { en: { subject: "Files for {Foo}" } } }, /templates\.en\.subject: unknown placeholder \{Foo\}/],
  [{ templates: { fr: { body: "{DLFILES} {constructor} {__proto__}" } } }, /templates\.fr\.body: unknown placeholder/],
  [{ templates: { en: { subject: "x".repeat(301) } } }, /templates.*en.*subject/],
  [{ templates: { en: { body: "{DLFILES}".repeat(2300) } } }, /templates.*en.*body/],
  [{ templates: { en: { body: ["{DLFILES}"] } } }, /templates.*en.*body/],
  [{ templates: { xx: { subject: "hi" } } }, /xx/],
  [{ templates: { en: { subject: "hi", html: "<b>x</b>" } } }, /html/],
  [{ unknown_field: 1 }, /unknown_field/],
  [{ delivery_trigger: "manual", default_max_downloads: -1 }, /default_max_downloads/],
  [[{ delivery_trigger: "manual" }], /./],
]

httpSuite({ fakeResend: true, timeout: 300_000 }, (app) => {
  const { api, admin } = app
  const settings = async () => (await api.get("/admin/digital-delivery/settings", admin)).data.settings
  const postRaw = (raw: string) =>
    rawRequest(app.baseURL, "/admin/digital-delivery/settings", {
      method: "POST",
      headers: { ...admin.headers, "content-type": "application/json" },
      body: raw,
    })

  it("objects posing as strings in admin bodies: 400 naming the field, never a 500", async () => {
    // Medusa's own validator throws while formatting such values; the plugin's validation middleware repairs that.
    const created = await app.uploadForm("x", "object.txt")
    for (const filename of [{ toString: "x" }, { valueOf: 1, toString: null }]) {
      const res = await responseOf(api.post(`/admin/digital-assets/${created.body.digital_asset.id}`, { filename }, admin))
      expect(res.status).toBe(400)
      expect(res.data.message).toMatch(/filename/)
    }
  })

  describe("invalid delivery settings and templates: 400 naming the field, never a 500, settings unchanged", () => {
    it("values of the wrong type, size or shape", async () => {
      const before = await settings()
      for (const [body, message] of invalidSettings) {
        const res = await responseOf(api.post("/admin/digital-delivery/settings", body, admin))
        const label = JSON.stringify(body).slice(0, 120)
        expect([label, res.status]).toEqual([label, 400])
        expect([label, res.data.message]).toEqual([label, expect.stringMatching(message)])
      }
      expect(await settings()).toEqual(before)
    })

    it("lists the invalid fields one by one, so the Admin shows each error beside its field", async () => {
      const res = await responseOf(
        api.post(
          "/admin/digital-delivery/settings",
          { templates: { en: { subject: "Files for {Foo}" }, fr: { body: "{DLFILES} {Bar}" } } },
          admin
        )
      )
      expect(res.status).toBe(400)
      expect(res.data.type).toBe("invalid_data")
      expect(res.data.message).toMatch(/templates\.en\.subject: unknown placeholder \{Foo\}/)
      expect(res.data.errors).toEqual(
        expect.arrayContaining([
          { path: ["templates", "en", "subject"], message: expect.stringMatching(/^Unknown placeholder \{Foo\} \(known: .*\{OrderID\}/) },
          { path: ["templates", "fr", "body"], message: expect.stringMatching(/^Unknown placeholder \{Bar\}/) },
        ])
      )
      expect(res.data.errors).toHaveLength(2)
    })

    it("prototype keys sent as raw JSON (a client library could drop them), and bodies that are not JSON", async () => {
      const before = await settings()
      for (const raw of ['{"__proto__": {"delivery_trigger": "manual"}}', '{"constructor": {"prototype": {"delivery_trigger": "manual"}}}']) {
        const res = await postRaw(raw)
        expect([raw, res.status]).toEqual([raw, 400])
        expect([raw, JSON.parse(res.body.toString()).message]).toEqual([raw, expect.stringMatching(/__proto__|constructor/)])
        expect((await settings()).delivery_trigger).toBe(before.delivery_trigger)
      }
      for (const raw of ["{", '{"delivery_trigger": "manual",}', "\u0000"]) {
        const res = await postRaw(raw)
        expect([raw, res.status]).toEqual([raw, 400])
      }
      expect(await settings()).toEqual(before)
    })

    it("the preview and the test send check templates the same way, and send nothing", async () => {
      const before = await settings()
      const preview = await responseOf(api.post("/admin/digital-delivery/settings/preview", { locale: "en", template: { subject: "{Nope}" } }, admin))
      expect(preview.status).toBe(400)
      expect(preview.data.message).toMatch(/templates\.en\.subject: unknown placeholder \{Nope\}/)
      const inherited = await responseOf(api.post("/admin/digital-delivery/settings/preview", { locale: "en", template: { body: "{toString} {DLFILES}" } }, admin))
      expect(inherited.status).toBe(400)
      expect(inherited.data.message).toMatch(/templates\.en\.body: unknown placeholder \{toString\}/)
      const previewLocale = await responseOf(api.post("/admin/digital-delivery/settings/preview", { locale: "xx" }, admin))
      expect(previewLocale.status).toBe(400)
      expect(previewLocale.data.message).toMatch(/locale/)
      const sendTest = await responseOf(api.post("/admin/digital-delivery/settings/send-test", { to: "nobody" }, admin))
      expect(sendTest.status).toBe(400)
      expect(sendTest.data.message).toMatch(/\bto\b/)
      expect(app.fake.sent).toHaveLength(0)
      expect(await settings()).toEqual(before)
    })
  })
})
