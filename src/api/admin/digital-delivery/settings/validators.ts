import { z } from "@medusajs/framework/zod"
import { LOCALES, type Locale } from "../../../../i18n"
import { PLACEHOLDERS, unknownPlaceholders } from "../../../../workflows/utils/email-template"

const template = z
  .object({
    subject: z.string().max(300).optional(),
    body: z.string().max(20_000).optional(),
  })
  .strict()

const templates = z
  .object(Object.fromEntries(LOCALES.map((l) => [l, template.optional()])) as Record<
    Locale,
    z.ZodOptional<typeof template>
  >)
  .strict()

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

const KNOWN = Object.keys(PLACEHOLDERS).map((p) => `{${p}}`).join(", ")

/** Reports every unknown placeholder, naming the template field it is in. */
function checkPlaceholders(
  value: { templates?: Record<string, { subject?: string; body?: string } | undefined> | null },
  ctx: z.RefinementCtx
) {
  for (const [locale, tpl] of Object.entries(value.templates ?? {})) {
    for (const field of ["subject", "body"] as const) {
      const unknown = unknownPlaceholders(tpl?.[field] ?? "")
      if (unknown.length) {
        ctx.addIssue({
          code: "custom",
          path: ["templates", locale, field],
          message: `templates.${locale}.${field}: unknown placeholder ${unknown.join(", ")} (known: ${KNOWN})`,
        })
      }
    }
  }
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
    ...storeIdentity,
  })
  .strict()
  .superRefine(checkPlaceholders)
  .transform(({ resume_window_minutes: _ignored, ...settings }) => settings)
export type AdminUpdateDeliverySettingsType = z.infer<typeof AdminUpdateDeliverySettings>

export const AdminPreviewDeliveryEmail = z
  .object({
    locale: z.enum(LOCALES).default("en"),
    template: template.optional(),
    order_id: z.string().optional(),
  })
  .strict()
  .superRefine((value, ctx) =>
    checkPlaceholders({ templates: value.template ? { [value.locale]: value.template } : {} }, ctx)
  )
export type AdminPreviewDeliveryEmailType = z.infer<typeof AdminPreviewDeliveryEmail>

export const AdminSendTestDeliveryEmail = z
  .object({
    to: z.string().email("to: not a valid email address"),
    locale: z.enum(LOCALES).default("en"),
    template: template.optional(),
  })
  .strict()
  .superRefine((value, ctx) =>
    checkPlaceholders({ templates: value.template ? { [value.locale]: value.template } : {} }, ctx)
  )
export type AdminSendTestDeliveryEmailType = z.infer<typeof AdminSendTestDeliveryEmail>
