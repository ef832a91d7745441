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
