import { DEFAULT_UPDATE_TEMPLATES, UPDATE_WORDS, type EmailTemplate, type Locale } from "../../i18n"
import {
  buyerText,
  emailDocument,
  filesHtml,
  filesText,
  linkHtml,
  merchantHtml,
  oneLine,
  substitute,
  text,
  type EmailContext,
  type EmailTemplates,
  type Rendered,
} from "./email-template"

/**
 * The update email: a new release of a product, sent to its past buyers by an
 * update campaign. Same rules as the delivery email (plain-text templates,
 * escaped values, only the plugin's and the merchant's own links); the
 * release notes are the merchant's text, so their URLs are links.
 */
export const UPDATE_PLACEHOLDERS = {
  ProductName: "The product's name (of the variant the file is sold with, else the file's title)",
  Version: "The release's label (\"2.1.0\", \"Second edition\"), else \"version N\"",
  ReleaseNotes: "The release notes (paragraphs kept, URLs linked); a paragraph of its own disappears when there are none",
  DLFILES: "The buyer's files of this product: name, size, downloads left and the link",
  ClientName: "The buyer's name (or email when no name is known)",
  StoreName: "The store's name",
  UnsubscribeURL: "The one-click unsubscribe link (no login); required by the email's List-Unsubscribe header",
  Email: "The buyer's email address",
} as const
export type UpdatePlaceholderName = keyof typeof UPDATE_PLACEHOLDERS

/** Settings' `templates.update`: the merchant's update email per language. */
export type UpdateTemplates = Partial<Record<Locale, Partial<EmailTemplate>>>

export type UpdateEmailContext = EmailContext & {
  product_name: string
  version: number
  version_label: string | null
  release_notes: string | null
  unsubscribe_url: string
}

/** The merchant's update email for a locale (settings `templates.update`), completed by the default one. */
export function updateTemplateFor(templates: unknown, locale: Locale): EmailTemplate {
  const own = ((templates as (EmailTemplates & { update?: UpdateTemplates }) | null)?.update ?? {})[locale] ?? {}
  return {
    subject: own.subject?.trim() ? own.subject : DEFAULT_UPDATE_TEMPLATES[locale].subject,
    body: own.body?.trim() ? own.body : DEFAULT_UPDATE_TEMPLATES[locale].body,
  }
}

/** {Version}: the label, else "version 3". */
export function versionName(ctx: Pick<UpdateEmailContext, "locale" | "version" | "version_label">): string {
  return ctx.version_label?.trim() || UPDATE_WORDS[ctx.locale].versionN.replace("{n}", String(ctx.version))
}

const notesParagraphs = (notes: string | null) =>
  (notes ?? "")
    .replace(/\r\n?/g, "\n")
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)

function placeholders(ctx: UpdateEmailContext): Record<UpdatePlaceholderName, Rendered> {
  const notes = notesParagraphs(ctx.release_notes).join("\n\n")
  return {
    ProductName: text(ctx.product_name),
    Version: text(versionName(ctx)),
    ReleaseNotes: { text: notes, html: merchantHtml(notes) },
    DLFILES: { text: filesText(ctx), html: filesHtml(ctx) },
    ClientName: buyerText(ctx.client_name),
    StoreName: text(ctx.store_name),
    UnsubscribeURL: { text: oneLine(ctx.unsubscribe_url), html: linkHtml(ctx.unsubscribe_url, UPDATE_WORDS[ctx.locale].unsubscribe, "color:#71717a") },
    Email: buyerText(ctx.email),
  }
}

const alone = (paragraph: string, name: UpdatePlaceholderName) => paragraph.trim() === `{${name}}`

/** Renders subject, HTML and text of one buyer's update email. */
export function renderUpdateEmail(template: EmailTemplate, ctx: UpdateEmailContext) {
  const vars = placeholders(ctx)
  const subject = oneLine(
    substitute<UpdatePlaceholderName>(template.subject, vars, (v, name) => (name === "DLFILES" || name === "ReleaseNotes" ? "" : v.text), (t) => t)
  ).trim()
  const notes = notesParagraphs(ctx.release_notes)
  // A paragraph that is only {ReleaseNotes} disappears when there are none.
  const paragraphs = template.body
    .replace(/\r\n?/g, "\n")
    .split(/\n{2,}/)
    .filter((p) => !(alone(p, "ReleaseNotes") && !notes.length))
  const textPart = paragraphs.map((p) => substitute<UpdatePlaceholderName>(p, vars, (v) => v.text, (t) => t)).join("\n\n")
  const body = paragraphs
    .map((p) => {
      if (alone(p, "DLFILES")) return vars.DLFILES.html
      if (alone(p, "ReleaseNotes")) return notes.map((n) => `<p style="margin:0 0 16px">${merchantHtml(n)}</p>`).join("\n")
      return `<p style="margin:0 0 16px">${substitute<UpdatePlaceholderName>(p, vars, (v) => v.html, merchantHtml)}</p>`
    })
    .join("\n")
  return { subject, html: emailDocument(ctx.locale, subject, body), text: textPart }
}
