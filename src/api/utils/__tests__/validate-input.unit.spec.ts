import { AdminUpdateDeliverySettings } from "../../admin/digital-delivery/settings/validators"
import { fieldErrors } from "../validate-input"

describe("fieldErrors: the invalid fields of a refused body, one by one", () => {
  it("names each template field with an unknown placeholder, the message without its path", async () => {
    const errors = await fieldErrors(AdminUpdateDeliverySettings, {
      templates: { en: { subject: "Files for {Foo}" }, fr: { body: "{DLFILES} {Bar}" } },
    })
    expect(errors).toEqual([
      { path: ["templates", "en", "subject"], message: expect.stringMatching(/^Unknown placeholder \{Foo\} \(known: .*\{OrderID\}/) },
      { path: ["templates", "fr", "body"], message: expect.stringMatching(/^Unknown placeholder \{Bar\}/) },
    ])
  })

  it("a value of the wrong type: its field", async () => {
    const errors = await fieldErrors(AdminUpdateDeliverySettings, { default_max_downloads: -1 })
    expect(errors.map((e) => e.path)).toEqual([["default_max_downloads"]])
  })

  it("a valid body: none", async () => {
    expect(await fieldErrors(AdminUpdateDeliverySettings, { templates: { en: { subject: "{OrderID}" } } })).toEqual([])
  })
})
