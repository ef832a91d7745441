import { zodValidator } from "@medusajs/framework"
import { AdminUpdateDownloadGrant } from "../../../download-grants/validators"
import { AdminUpdateDeliverySettings } from "../validators"

describe("settings body after byte metering", () => {
  it("accepts and drops resume_window_minutes from a client written for the older API", async () => {
    for (const resume_window_minutes of [360, 0, "NaN", null]) {
      expect(await zodValidator(AdminUpdateDeliverySettings, { resume_window_minutes, alert_email: "ops@example.com" })).toEqual({
        alert_email: "ops@example.com",
      })
    }
    expect(await zodValidator(AdminUpdateDeliverySettings, { resume_window_minutes: 360 })).toEqual({})
  })

  it("still refuses unknown fields", async () => {
    await expect(zodValidator(AdminUpdateDeliverySettings, { resume_window: 360 })).rejects.toThrow(/resume_window/)
  })
})

describe("grant update body: resetting the usage", () => {
  it("accepts downloads_used: 0 and the older download_count: 0", async () => {
    expect(await zodValidator(AdminUpdateDownloadGrant, { downloads_used: 0 })).toEqual({ downloads_used: 0 })
    expect(await zodValidator(AdminUpdateDownloadGrant, { download_count: 0 })).toEqual({ download_count: 0 })
  })

  it("refuses any other value, naming the field", async () => {
    for (const downloads_used of [1, 0.5, "0", null]) {
      await expect(zodValidator(AdminUpdateDownloadGrant, { downloads_used })).rejects.toThrow(/downloads_used/)
    }
    await expect(zodValidator(AdminUpdateDownloadGrant, { download_count: 7 })).rejects.toThrow(/download_count/)
    await expect(zodValidator(AdminUpdateDownloadGrant, {})).rejects.toThrow(/downloads_used \(or download_count\)/)
  })
})

describe("settings body: the store on the hosted pages", () => {
  it("accepts a name, an https logo, a #rrggbb accent (lower-cased) and an email or https contact; '' clears", async () => {
    expect(
      await zodValidator(AdminUpdateDeliverySettings, {
        store_name: " Books & Co ",
        logo_url: "https://cdn.example.com/logo.png",
        accent_color: "#0055AA",
        support_contact: "help@books.example",
      })
    ).toEqual({ store_name: "Books & Co", logo_url: "https://cdn.example.com/logo.png", accent_color: "#0055aa", support_contact: "help@books.example" })
    expect(await zodValidator(AdminUpdateDeliverySettings, { support_contact: "https://books.example/help", logo_url: "", store_name: "  " })).toEqual({
      support_contact: "https://books.example/help",
      logo_url: null,
      store_name: null,
    })
  })

  it("refuses anything else, naming the field", async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ logo_url: "http://cdn.example.com/logo.png" }, /logo_url/],
      [{ logo_url: "javascript:alert(1)" }, /logo_url/],
      [{ accent_color: "red" }, /accent_color/],
      [{ accent_color: "#0055aa; background:url(x)" }, /accent_color/],
      [{ support_contact: "javascript:alert(1)" }, /support_contact/],
      [{ support_contact: "http://books.example/help" }, /support_contact/],
      [{ store_name: "x".repeat(121) }, /store_name/],
    ]
    for (const [body, field] of cases) await expect(zodValidator(AdminUpdateDeliverySettings, body)).rejects.toThrow(field)
  })
})
