// Imported, not global: the admin's tsconfig (browser, Vite) knows no Jest globals.
import { describe, expect, it } from "@jest/globals"
import { PLACEHOLDERS, unknownPlaceholders as serverUnknown } from "../../../../workflows/utils/email-template"
import { errorsByPath, placeholderError, templateErrors, unknownPlaceholders, withoutError } from "../settings-form"

describe("the template editor's placeholder check (as the merchant types)", () => {
  const samples = ["Files for {Foo}", "{OrderID} {DLFILES}", "{constructor} {__proto__} {toString}", "{ClientName}{Bar}{Bar}", "{ not } {}", "{order_id}"]

  it("finds what the server refuses, and nothing else", () => {
    for (const text of samples) expect([text, unknownPlaceholders(text, PLACEHOLDERS)]).toEqual([text, serverUnknown(text)])
  })

  it("says which placeholder is unknown, or nothing", () => {
    expect(placeholderError("Files for {Foo}", PLACEHOLDERS)).toMatch(/^Unknown placeholder \{Foo\}: use one of the placeholders below/)
    expect(placeholderError("{Foo} {Bar}", PLACEHOLDERS)).toMatch(/^Unknown placeholders \{Foo\}, \{Bar\}/)
    expect(placeholderError("Your order {OrderID}", PLACEHOLDERS)).toBeUndefined()
  })

  it("keys every language's field by its path, as the API's errors are", () => {
    const errors = templateErrors(
      { en: { subject: "{Foo}", body: "{DLFILES}" }, fr: { subject: "ok", body: "{Nom}" } },
      PLACEHOLDERS
    )
    expect(Object.keys(errors)).toEqual(["templates.en.subject", "templates.fr.body"])
    expect(errorsByPath([{ path: ["templates", "en", "subject"], message: "Unknown placeholder {Foo}" }])).toEqual({
      "templates.en.subject": "Unknown placeholder {Foo}",
    })
  })

  it("drops a field's error when it changes, keeping the others (and the same object when nothing goes)", () => {
    const errors = { "templates.en.subject": "a", "templates.en.body": "b" }
    expect(withoutError(errors, "templates.en.subject")).toEqual({ "templates.en.body": "b" })
    expect(withoutError(errors, "alert_email")).toBe(errors)
  })
})
