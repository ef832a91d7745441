import { parseOptionalInt } from "../../lib/format"
import type { DeliverySettings, EmailLocale, EmailTemplate, SettingsInput, SettingsResponse } from "../../lib/types"

export const LOCALE_LABEL: Record<string, string> = { en: "English", fr: "Français", pl: "Polski" }

/** The settings page's form: what the inputs hold (numbers as typed), and every locale's template in full. */
export type SettingsForm = {
  default_max_downloads: string
  default_validity_days: string
  delivery_trigger: DeliverySettings["delivery_trigger"]
  revoke_on_refund: boolean
  registered_links: DeliverySettings["registered_links"]
  alert_email: string
  storefront_url: string
  unstampable_pdf: NonNullable<DeliverySettings["unstampable_pdf"]>
  templates: Record<string, EmailTemplate>
}

/** The settings' text inputs; each id is also the input's data-testid. */
export const TEXT_FIELDS = {
  default_max_downloads: {
    id: "dd-setting-max-downloads",
    label: "Max downloads per file",
    hint: "Empty = unlimited. Multiplied by the quantity. Metered in bytes: a resumed download costs only what it sends.",
    placeholder: "Unlimited",
    type: "number",
    min: 0,
  },
  default_validity_days: {
    id: "dd-setting-validity-days",
    label: "Links valid for (days)",
    hint: "Empty = never expire. Counted from delivery.",
    placeholder: "Never expire",
    type: "number",
    min: 0,
  },
  storefront_url: {
    id: "dd-setting-storefront-url",
    label: "Storefront account page",
    hint: "Optional. Where registered customers find their library; empty = the page hosted by the plugin.",
    placeholder: "https://shop.example.com/account/downloads",
    type: "url",
  },
  alert_email: {
    id: "dd-setting-alert-email",
    label: "Alert email",
    hint: "Optional. Told about storage failures and links refused many times (a shared link).",
    placeholder: "ops@example.com",
    type: "email",
  },
} satisfies Partial<Record<keyof SettingsForm, { id: string; label: string; hint: string; placeholder: string; type: string; min?: number }>>

/** The settings' selects: the value stored → what the merchant reads. */
export const SELECT_FIELDS = {
  delivery_trigger: {
    id: "dd-setting-trigger",
    label: "Deliver when",
    options: {
      captured: "The payment is captured (paid)",
      authorized: "The payment is authorized",
      manual: "Manually, with “Deliver now”",
    },
  },
  registered_links: {
    id: "dd-setting-registered-links",
    label: "Registered customers get",
    options: {
      login: "A link to their library (login required)",
      direct: "Direct download links, like guests",
    },
  },
  unstampable_pdf: {
    id: "dd-setting-unstampable-pdf",
    label: "A stamped PDF that cannot be stamped",
    options: {
      serve_unstamped: "Send it without the stamp, and alert me",
      refuse: "Refuse the download, and alert me",
    },
  },
} satisfies { [K in keyof SettingsForm]?: { id: string; label: string; options: Record<SettingsForm[K] & string, string> } }

/** The form for saved settings: a locale without its own subject or body shows the default one. */
export function formFrom(res: SettingsResponse): SettingsForm {
  const s = res.settings
  return {
    default_max_downloads: s.default_max_downloads?.toString() ?? "",
    default_validity_days: s.default_validity_days?.toString() ?? "",
    delivery_trigger: s.delivery_trigger,
    revoke_on_refund: s.revoke_on_refund,
    registered_links: s.registered_links,
    alert_email: s.alert_email ?? "",
    storefront_url: s.storefront_url ?? "",
    unstampable_pdf: s.unstampable_pdf ?? "serve_unstamped",
    templates: Object.fromEntries(
      res.locales.map((l) => {
        const own = s.templates?.[l] ?? {}
        const def = res.default_templates[l]
        return [l, { subject: own.subject?.trim() ? own.subject : def.subject, body: own.body?.trim() ? own.body : def.body }]
      })
    ),
  }
}

/** The request body, or the first field error. Templates equal to the default are not stored (they follow future defaults). */
export function toInput(form: SettingsForm, res: SettingsResponse): { input?: SettingsInput; error?: string } {
  const max = parseOptionalInt(form.default_max_downloads)
  if (max === undefined) return { error: "Default max downloads: a whole number of at least 1, or empty for unlimited." }
  const days = parseOptionalInt(form.default_validity_days, { max: 36_500 })
  if (days === undefined) return { error: "Default validity: 1 to 36500 days, or empty for links that never expire." }
  const templates: Partial<Record<EmailLocale, EmailTemplate>> = {}
  for (const l of res.locales) {
    const t = form.templates[l]
    const def = res.default_templates[l]
    if (t && (t.subject !== def.subject || t.body !== def.body)) templates[l] = t
  }
  return {
    input: {
      default_max_downloads: max,
      default_validity_days: days,
      delivery_trigger: form.delivery_trigger,
      revoke_on_refund: form.revoke_on_refund,
      registered_links: form.registered_links,
      alert_email: form.alert_email.trim() || null,
      storefront_url: form.storefront_url.trim() || null,
      unstampable_pdf: form.unstampable_pdf,
      templates,
    },
  }
}

/** Form errors by field path ("templates.en.subject", "default_max_downloads"): each shown under its field. */
export type FieldErrors = Record<string, string>

const PLACEHOLDER_RE = /\{([A-Za-z]+)\}/g

/** The placeholders in `text` the email does not know (the server's rule: `{Name}`, own names only). */
export function unknownPlaceholders(text: string, known: Record<string, string>): string[] {
  const unknown = new Set<string>()
  for (const m of text.matchAll(PLACEHOLDER_RE)) {
    if (!Object.prototype.hasOwnProperty.call(known, m[1])) unknown.add(`{${m[1]}}`)
  }
  return [...unknown]
}

/** The error of one template field as the merchant types, or undefined. */
export function placeholderError(text: string, known: Record<string, string>): string | undefined {
  const unknown = unknownPlaceholders(text, known)
  if (!unknown.length) return undefined
  return `Unknown placeholder${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}: use one of the placeholders below, e.g. {${Object.keys(known)[0]}}.`
}

/** Every template field with an unknown placeholder, in every language. */
export function templateErrors(templates: Record<string, EmailTemplate>, known: Record<string, string>): FieldErrors {
  const errors: FieldErrors = {}
  for (const [locale, t] of Object.entries(templates)) {
    for (const field of ["subject", "body"] as const) {
      const error = placeholderError(t?.[field] ?? "", known)
      if (error) errors[`templates.${locale}.${field}`] = error
    }
  }
  return errors
}

/** The API's field errors (`[{ path, message }]`) by path. */
export function errorsByPath(errors: { path: (string | number)[]; message: string }[]): FieldErrors {
  return Object.fromEntries(errors.map((e) => [e.path.join("."), e.message]))
}

/** The errors left once `key` changed: a field's error goes when the merchant edits it. */
export function withoutError(errors: FieldErrors, ...keys: string[]): FieldErrors {
  if (!keys.some((k) => k in errors)) return errors
  const next = { ...errors }
  for (const k of keys) delete next[k]
  return next
}
