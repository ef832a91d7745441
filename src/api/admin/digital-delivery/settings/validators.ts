import { z } from "@medusajs/framework/zod"
import { LOCALES, type Locale } from "../../../../i18n"
import { PLACEHOLDERS, unknownPlaceholders } from "../../../../workflows/utils/email-template"
import { UPDATE_PLACEHOLDERS } from "../../../../workflows/utils/update-email-template"

const template = z
  .object({
    subject: z.string().max(300).optional(),
    body: z.string().max(20_000).optional(),
  })
  .strict()

const perLocale = z
  .object(Object.fromEntries(LOCALES.map((l) => [l, template.optional()])) as Record<
    Locale,
    z.ZodOptional<typeof template>
  >)
  .strict()

/**
 * The delivery email per language, and `update`: the update email (a new
 * release, to past buyers) per language. A save without `update` keeps the
 * saved update templates; `update: null` clears them.
 */
const templates = perLocale.extend({ update: perLocale.nullable().optional() }).strict()

/** An optional text: "" (a cleared input) is stored as null. */
const cleared = (value: unknown) => (typeof value === "string" && !value.trim() ? null : value)
const isHttpsUrl = (u: string) => {
  try {
    return new URL(u).protocol === "https:"
  } catch {
    return false
  }
}

/** The store on the buyer's hosted pages (issue 15); each message names its field. */
const storeIdentity = {
  store_name: z.preprocess(cleared, z.string().trim().max(120, "store_name: at most 120 characters").nullable().optional()),
  logo_url: z.preprocess(
    cleared,
    z.string().trim().max(2000, "logo_url: at most 2000 characters").refine(isHttpsUrl, "logo_url must be an https:// URL").nullable().optional()
  ),
  accent_color: z.preprocess(
    cleared,
    z.string().trim().regex(/^#[0-9a-f]{6}$/i, "accent_color must be a colour as #rrggbb").transform((c) => c.toLowerCase()).nullable().optional()
  ),
  support_contact: z.preprocess(
    cleared,
    z
      .string()
      .trim()
      .max(2000, "support_contact: at most 2000 characters")
      .refine(
        (v) => z.string().email().safeParse(v).success || isHttpsUrl(v),
        "support_contact must be an email address or an https:// URL"
      )
      .nullable()
      .optional()
  ),
}

const knownList = (placeholders: object) => Object.keys(placeholders).map((p) => `{${p}}`).join(", ")

type TemplateFields = { subject?: string; body?: string }
type TemplateTree = Record<string, TemplateFields | Record<string, TemplateFields | undefined> | null | undefined>

/** Reports every unknown placeholder, naming the template field it is in (templates.fr.body, templates.update.pl.subject). */
function checkPlaceholders(value: { templates?: TemplateTree | null }, ctx: z.RefinementCtx) {
  const check = (path: string[], tpl: TemplateFields | undefined, known: object) => {
    for (const field of ["subject", "body"] as const) {
      const unknown = unknownPlaceholders(tpl?.[field] ?? "", known)
      if (unknown.length) {
        ctx.addIssue({
          code: "custom",
          path: [...path, field],
          message: `${[...path, field].join(".")}: unknown placeholder ${unknown.join(", ")} (known: ${knownList(known)})`,
        })
      }
    }
  }
  for (const [key, tpl] of Object.entries(value.templates ?? {})) {
    if (key === "update") {
      for (const [locale, own] of Object.entries((tpl ?? {}) as Record<string, TemplateFields | undefined>)) {
        check(["templates", "update", locale], own, UPDATE_PLACEHOLDERS)
      }
    } else check(["templates", key], tpl as TemplateFields | undefined, PLACEHOLDERS)
  }
}

/** A preview's or test's template, checked against its kind's placeholders. */
function checkOne(value: { kind: "delivery" | "update"; locale: string; template?: TemplateFields }, ctx: z.RefinementCtx) {
  if (!value.template) return
  checkPlaceholders({ templates: value.kind === "update" ? { update: { [value.locale]: value.template } } : { [value.locale]: value.template } }, ctx)
}

export const AdminUpdateDeliverySettings = z
  .object({
    default_max_downloads: z.number().int().positive().max(1_000_000).nullable().optional(),
    default_validity_days: z.number().int().positive().max(36_500).nullable().optional(),
    delivery_trigger: z.enum(["captured", "authorized", "manual"]).optional(),
    revoke_on_refund: z.boolean().optional(),
    registered_links: z.enum(["login", "direct"]).optional(),
    /**
     * Removed with byte metering (issue 12: a resume costs the bytes it sends,
     * there is no free window any more). The schema is strict, so a client
     * written for the older API would get a 400 for it and lose the rest of its
     * save: it is accepted, whatever its value, and dropped below.
     */
    resume_window_minutes: z.unknown().optional(),
    alert_email: z.string().email("alert_email: not a valid email address").nullable().optional(),
    storefront_url: z
      .string()
      .url("storefront_url: not a valid URL")
      .refine((u) => /^https?:\/\//i.test(u), "storefront_url must be an http(s) URL")
      .nullable()
      .optional(),
    templates: templates.nullable().optional(),
    // Update emails to past buyers: also to buyers whose links expired; at most N emails a minute (null = no limit).
    update_include_expired: z.boolean().optional(),
    update_emails_per_minute: z
      .number()
      .int("update_emails_per_minute must be a whole number")
      .min(1, "update_emails_per_minute must be at least 1 (null: no limit)")
      .max(100_000, "update_emails_per_minute: at most 100000")
      .nullable()
      .optional(),
    // A stamped PDF that cannot be stamped (encrypted, damaged): send it as it is, or refuse it (the merchant is alerted either way).
    unstampable_pdf: z.enum(["serve_unstamped", "refuse"]).optional(),
    ...storeIdentity,
  })
  .strict()
  .superRefine(checkPlaceholders)
  .transform(({ resume_window_minutes: _ignored, ...settings }) => settings)
export type AdminUpdateDeliverySettingsType = z.infer<typeof AdminUpdateDeliverySettings>

const kind = z.enum(["delivery", "update"]).default("delivery")

export const AdminPreviewDeliveryEmail = z
  .object({
    /** "update": the update email of a new release (sample release and files). */
    kind,
    locale: z.enum(LOCALES).default("en"),
    template: template.optional(),
    order_id: z.string().optional(),
  })
  .strict()
  .superRefine(checkOne)
export type AdminPreviewDeliveryEmailType = z.infer<typeof AdminPreviewDeliveryEmail>

export const AdminSendTestDeliveryEmail = z
  .object({
    to: z.string().email("to: not a valid email address"),
    kind,
    locale: z.enum(LOCALES).default("en"),
    template: template.optional(),
  })
  .strict()
  .superRefine(checkOne)
export type AdminSendTestDeliveryEmailType = z.infer<typeof AdminSendTestDeliveryEmail>
