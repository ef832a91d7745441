import {
  counted,
  DEFAULT_TEMPLATES,
  EMAIL_WORDS,
  formatBytes,
  formatDate,
  LICENSE_WORDS,
  type EmailFileRefusal,
  type EmailTemplate,
  type Locale,
} from "../../i18n"
import { escapeHtml } from "./html"

/**
 * The delivery email: merchant-editable subject and body with placeholders,
 * rendered to a clean HTML email and a plain-text part. Bodies are plain text
 * (blank line = new paragraph); placeholders are replaced with escaped values,
 * so a template can never inject markup, and a value is never made into a link
 * (see `placeholders` below for the only links there are).
 */
export type EmailTemplates = Partial<Record<Locale, Partial<EmailTemplate>>>

/**
 * The placeholders a template may use, with the description the Admin shows.
 * A new one needs its description here and its value in `placeholders()`
 * below (the type asks for both); the default texts are in i18n/emails.ts.
 */
export const PLACEHOLDERS = {
  OrderID: "The order number, e.g. #1042",
  ClientName: "The buyer's name (or email when no name is known)",
  DLFILES: "The list of files: name, size, downloads left and the link",
  StoreName: "The store's name",
  ExpiryDate: "When the links expire (the earliest of the files still available, if files differ)",
  MaxDownloads: "How many times each file can be downloaded (\"5; unlimited for Guide.pdf\" when files differ)",
  LibraryURL:
    "The page listing all files of the order (guests) or the customer's library: a labelled link (\"View your order\"), a button when alone in its paragraph",
  Email: "The buyer's email address",
  LICENSEKEYS:
    "The order's license keys (products with a key source), one per unit bought; a paragraph that is only {LICENSEKEYS} disappears when the order has none",
} as const
export type PlaceholderName = keyof typeof PLACEHOLDERS

export type EmailFile = {
  name: string
  size: number | null
  /** The direct link (guests) or null (registered customers: they download from the library). */
  url: string | null
  max_downloads: number | null
  remaining: number | null
  expires_at: Date | null
  /** The grant's state (grant-rules); anything but "active" gets no link, and the email says why. Absent = active. */
  status?: "active" | EmailFileRefusal
  /** The release the link serves: its label, or its number (shown as "version 3"); absent: not named. */
  version?: { label: string | null; number: number } | null
}

export type EmailContext = {
  locale: Locale
  order_display_id: string
  client_name: string
  email: string
  store_name: string
  library_url: string
  /** What `library_url` opens: the guest's order page (default) or the customer's library; names its button. */
  library_kind?: "order" | "library"
  files: EmailFile[]
  /** The order's license keys: what they are for ("Photo Editor Pro #2") and the key, null while the pool is dry. */
  license_keys?: EmailLicenseKey[]
}

export type EmailLicenseKey = { label: string; key: string | null }

const PLACEHOLDER_RE = /\{([A-Za-z]+)\}/g

const hasOwn = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key)

/** Placeholders a template uses that the renderer does not know. */
export function unknownPlaceholders(text: string, known: object = PLACEHOLDERS): string[] {
  const unknown = new Set<string>()
  for (const match of text.matchAll(PLACEHOLDER_RE)) {
    // Own keys only: `in` would also accept {constructor}, {toString}, {__proto__}…
    if (!hasOwn(known, match[1])) unknown.add(`{${match[1]}}`)
  }
  return [...unknown]
}

/** The merchant's template for a locale, completed by the default one. */
export function templateFor(templates: EmailTemplates | null | undefined, locale: Locale): EmailTemplate {
  const own = templates?.[locale] ?? {}
  return {
    subject: own.subject?.trim() ? own.subject : DEFAULT_TEMPLATES[locale].subject,
    body: own.body?.trim() ? own.body : DEFAULT_TEMPLATES[locale].body,
  }
}

/**
 * What a placeholder stands for, in the text part and in the HTML part.
 *
 * The rule is structural: a placeholder's HTML is built here, by the plugin,
 * never by scanning its value. Values (the buyer's name and email, the store
 * name, dates, numbers) go through `textHtml`: escaped, one line, and never a
 * link — even when a buyer types `https://…` into a name. Only `{LibraryURL}`
 * and `{DLFILES}`, whose URLs the plugin signs or the merchant configured, are
 * rendered as links (`linkHtml`). URLs the merchant wrote in the template text
 * itself are linked by `merchantHtml`; a value is never part of one.
 */
export type Rendered = { text: string; html: string }

/** Control characters and line/paragraph separators: a value is always one line. */
// eslint-disable-next-line no-control-regex
const LINE_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g
/** Bidi overrides and isolates, which can make text read backwards (as in file names, api/utils/filename.ts). */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g

/** A value on one line: no CR/LF (or any other control character) to add a header or a fake line. */
export function oneLine(value: string): string {
  return value.replace(BIDI_CONTROLS, "").replace(LINE_BREAKING, " ")
}

/** A value as HTML text: escaped, on one line. */
function textHtml(value: string): string {
  return escapeHtml(oneLine(value))
}

/**
 * What the buyer typed, as HTML text: escaped, and with an invisible word joiner
 * (U+2060) before every "." and after every ":", so mail clients that link
 * anything URL-like (Gmail, Apple Mail, Outlook) do not turn "https://evil.example"
 * in a buyer's name into a link either. Only for buyer input: the joiner would
 * travel with a copied store name or date. The text part keeps the value as typed.
 */
function buyerTextHtml(value: string): string {
  return textHtml(value).replace(/\./g, "&#8288;.").replace(/:/g, ":&#8288;")
}

export const text = (value: string): Rendered => ({ text: oneLine(value), html: textHtml(value) })
export const buyerText = (value: string): Rendered => ({ text: oneLine(value), html: buyerTextHtml(value) })

const HTTP_URL = /^https?:\/\/[^\s<>"'`]+$/i

const LINK_STYLE = "color:#2563eb;word-break:break-all"
/** A link with a short label ({LibraryURL} in a sentence): no break-all needed. */
const LABEL_LINK_STYLE = "color:#2563eb"

/** A link the plugin built (a signed download link, the order page, the library). */
export function linkHtml(url: string, label = url, style = LINK_STYLE): string {
  // Only http(s): a misconfigured URL is shown, never made into a javascript:/data: link.
  if (!HTTP_URL.test(url)) return textHtml(label)
  return `<a href="${escapeHtml(url)}" style="${style}">${escapeHtml(label)}</a>`
}

/** URLs in the merchant's own template text; stops before trailing punctuation. */
const MERCHANT_URL = /https?:\/\/[^\s<>"'`]*[^\s<>"'`.,;:!?)\]}]/gi

/** The merchant's template text: escaped, its URLs linked, its line breaks kept. */
export function merchantHtml(raw: string): string {
  let html = ""
  let last = 0
  for (const match of raw.matchAll(MERCHANT_URL)) {
    html += escapeHtml(raw.slice(last, match.index)) + linkHtml(match[0])
    last = match.index! + match[0].length
  }
  html += escapeHtml(raw.slice(last))
  return html.replace(/\n/g, "<br>")
}

const refusal = (f: EmailFile): EmailFileRefusal | null => (f.status && f.status !== "active" ? f.status : null)

/**
 * {MaxDownloads}: one number (or "unlimited") when every file has the same
 * limit; else the limit most files share, then the others with their files'
 * names: "5; unlimited for Guide.pdf", "5 ; illimités pour Guide.pdf".
 */
function maxDownloads(ctx: EmailContext): string {
  const words = EMAIL_WORDS[ctx.locale]
  const groups = new Map<number | null, string[]>()
  for (const f of ctx.files) groups.set(f.max_downloads, [...(groups.get(f.max_downloads) ?? []), oneLine(f.name)])
  const label = (limit: number | null) => (limit == null ? words.unlimited : String(limit))
  if (groups.size <= 1) return label(ctx.files[0]?.max_downloads ?? null)
  // Most files first; a tie keeps the files' order (Map keeps insertion order, sort is stable).
  const [head, ...rest] = [...groups].sort((a, b) => b[1].length - a[1].length)
  return [
    label(head[0]),
    ...rest.map(([limit, names]) => words.limitFor.replace("{limit}", label(limit)).replace("{files}", names.join(", "))),
  ].join(words.separator)
}

const libraryLabel = (ctx: EmailContext) =>
  ctx.library_kind === "library" ? EMAIL_WORDS[ctx.locale].openYourLibrary : EMAIL_WORDS[ctx.locale].viewOrder

function placeholders(ctx: EmailContext): Record<PlaceholderName, Rendered> {
  const words = EMAIL_WORDS[ctx.locale]
  // The earliest expiry of the files the buyer can still download (of all, when none can).
  const usable = ctx.files.filter((f) => !refusal(f))
  const expiries = (usable.length ? usable : ctx.files).map((f) => f.expires_at).filter((d): d is Date => !!d)
  const earliest = expiries.length ? new Date(Math.min(...expiries.map((d) => new Date(d).getTime()))) : null
  return {
    // Values: text only; what the buyer typed is also kept from mail clients' own linking.
    OrderID: text(ctx.order_display_id),
    ClientName: buyerText(ctx.client_name),
    Email: buyerText(ctx.email),
    StoreName: text(ctx.store_name),
    ExpiryDate: text(earliest ? formatDate(earliest, ctx.locale) : words.never),
    MaxDownloads: text(maxDownloads(ctx)),
    // The plugin's own links; the order page's long URL is shown by its name in HTML.
    LibraryURL: { text: oneLine(ctx.library_url), html: linkHtml(ctx.library_url, libraryLabel(ctx), LABEL_LINK_STYLE) },
    DLFILES: { text: filesText(ctx), html: filesHtml(ctx) },
    LICENSEKEYS: { text: licenseKeysText(ctx.license_keys ?? [], ctx.locale), html: licenseKeysHtml(ctx.license_keys ?? [], ctx.locale) },
  }
}

/** {LICENSEKEYS} as text: a heading, then "- Photo Editor: ABCD-EFGH-…" per key. Empty without keys. */
export function licenseKeysText(keys: EmailLicenseKey[], locale: Locale): string {
  if (!keys.length) return ""
  const words = LICENSE_WORDS[locale]
  return `${words.licenseKeys}${EMAIL_WORDS[locale].labelColon.trimEnd()}
${keys
    .map((k) => `- ${oneLine(k.label)}: ${k.key ? oneLine(k.key) : words.pending}`)
    .join("\n")}`
}

/** {LICENSEKEYS} as HTML: a table of labels and keys (monospace, easy to select). Empty without keys. */
export function licenseKeysHtml(keys: EmailLicenseKey[], locale: Locale): string {
  if (!keys.length) return ""
  const words = LICENSE_WORDS[locale]
  const rows = keys
    .map(
      (k) =>
        `<tr><td style="padding:8px 0;border-bottom:1px solid #e4e4e7;color:#18181b">${textHtml(k.label)}</td>` +
        `<td style="padding:8px 0;border-bottom:1px solid #e4e4e7;text-align:right">` +
        (k.key
          ? `<code style="font-family:ui-monospace,Menlo,Consolas,monospace;font-size:15px;letter-spacing:0.5px;color:#18181b">${textHtml(k.key)}</code>`
          : `<span style="font-size:13px;color:#71717a">${textHtml(words.pending)}</span>`) +
        `</td></tr>`
    )
    .join("")
  return (
    `<div style="font-weight:600;color:#18181b;margin-top:8px">${textHtml(words.licenseKeys)}</div>` +
    `<table role="presentation" width="100%" cellspacing="0" cellpadding="0" style="border-collapse:collapse;margin:4px 0 16px">${rows}</table>`
  )
}

/** A file's size and downloads left ("1.5 MB", "2 downloads left"), those that are known; a refused file: its size. */
function fileFacts(f: EmailFile, locale: Locale): string[] {
  const left = f.remaining == null || refusal(f) ? "" : counted(locale, "downloadsLeft", f.remaining)
  return [formatBytes(f.size, locale), left].filter(Boolean)
}

/** The release a file's link serves, after its name: the merchant's label, else "version 3". */
export function versionName(version: EmailFile["version"], locale: Locale): string | null {
  if (!version) return null
  return version.label ? oneLine(version.label) : EMAIL_WORDS[locale].versionN.replace("{n}", String(version.number))
}

/** One line per file: its link, or why it has none ("- Noon.wav — 2.0 (2 KB): Download limit reached"). */
export function filesText(ctx: EmailContext): string {
  const words = EMAIL_WORDS[ctx.locale]
  return ctx.files
    .map((f) => {
      const facts = fileFacts(f, ctx.locale).join(", ")
      const refused = refusal(f)
      const version = versionName(f.version, ctx.locale)
      return `- ${oneLine(f.name)}${version ? ` — ${version}` : ""}${facts ? ` (${facts})` : ""}: ${refused ? words.refused[refused] : oneLine(f.url ?? ctx.library_url)}`
    })
    .join("\n")
}

const BUTTON_STYLE =
  "display:inline-block;padding:8px 14px;background:#18181b;color:#ffffff;border-radius:6px;text-decoration:none;font-size:14px"

export function filesHtml(ctx: EmailContext): string {
  const words = EMAIL_WORDS[ctx.locale]
  const rows = ctx.files
    .map((f) => {
      const facts = fileFacts(f, ctx.locale).join(" · ")
      const label = f.url ? words.download : words.openLibrary
      const refused = refusal(f)
      const version = versionName(f.version, ctx.locale)
      return (
        `<tr><td style="padding:10px 0;border-bottom:1px solid #e4e4e7">` +
        `<div style="font-weight:600;color:#18181b">${escapeHtml(oneLine(f.name))}` +
        (version ? ` <span style="font-weight:400;color:#52525b">— ${escapeHtml(version)}</span>` : "") +
        `</div>` +
        (facts ? `<div style="font-size:13px;color:#71717a">${escapeHtml(facts)}</div>` : "") +
        `</td><td style="padding:10px 0;border-bottom:1px solid #e4e4e7;text-align:right;white-space:nowrap">` +
        (refused
          ? `<span style="font-size:13px;color:#71717a">${escapeHtml(words.refused[refused])}</span>`
          : linkHtml(f.url ?? ctx.library_url, label, BUTTON_STYLE)) +
        `</td></tr>`
      )
    })
    .join("")
  return `<table role="presentation" width="100%" cellspacing="0" cellpadding="0" style="border-collapse:collapse;margin:8px 0">${rows}</table>`
}

/** Template text with each known placeholder replaced by `render(its value)`; the rest by `literal`. */
export function substitute<N extends string = PlaceholderName>(
  template: string,
  vars: Record<N, Rendered>,
  render: (value: Rendered, name: N) => string,
  literal: (text: string) => string
): string {
  let out = ""
  let last = 0
  for (const match of template.matchAll(PLACEHOLDER_RE)) {
    out += literal(template.slice(last, match.index))
    const name = match[1]
    out += hasOwn(vars, name) ? render(vars[name as N], name as N) : literal(match[0])
    last = match.index! + match[0].length
  }
  return out + literal(template.slice(last))
}

/**
 * The order page (or library) as a button: a table cell with the background,
 * the link inside it padded (clients that drop the link's padding still show
 * the cell), inline styles only, as mail clients require.
 */
export function buttonHtml(url: string, label: string): string {
  if (!HTTP_URL.test(url)) return `<p style="margin:0 0 16px">${textHtml(url)}</p>`
  return (
    `<table role="presentation" cellspacing="0" cellpadding="0" style="margin:8px 0 24px"><tr>` +
    `<td style="border-radius:6px;background:#18181b">` +
    `<a href="${escapeHtml(url)}" style="${LIBRARY_BUTTON_STYLE}">${escapeHtml(label)}</a>` +
    `</td></tr></table>`
  )
}

const LIBRARY_BUTTON_STYLE =
  "display:inline-block;padding:12px 20px;border-radius:6px;background:#18181b;color:#ffffff;font-size:15px;font-weight:600;text-decoration:none"

/** A paragraph that is only this placeholder is rendered on its own (a table, a button). */
const alone = (paragraph: string, name: PlaceholderName) => paragraph.trim() === `{${name}}`

function paragraphHtml(paragraph: string, vars: Record<PlaceholderName, Rendered>, ctx: EmailContext): string {
  // A paragraph that is only {DLFILES} becomes the table itself; only {LibraryURL}, a button.
  if (alone(paragraph, "DLFILES")) return vars.DLFILES.html
  if (alone(paragraph, "LICENSEKEYS")) return vars.LICENSEKEYS.html
  if (alone(paragraph, "LibraryURL")) return buttonHtml(ctx.library_url, libraryLabel(ctx))
  return `<p style="margin:0 0 16px">${substitute(paragraph, vars, (v) => v.html, merchantHtml)}</p>`
}

function dropEmptyKeyParagraph(body: string, ctx: EmailContext): string {
  if (ctx.license_keys?.length) return body
  return body
    .split(/(\n{2,})/)
    .filter((p, i, all) => !(i % 2 === 0 && alone(p, "LICENSEKEYS")) && !(i % 2 === 1 && alone(all[i + 1] ?? "", "LICENSEKEYS")))
    .join("")
}

/** Renders subject, HTML and text for one order. */
export function renderDeliveryEmail(template: EmailTemplate, ctx: EmailContext) {
  const vars = placeholders(ctx)
  // One line, whatever the template or the values hold: no header or fake line can be added.
  const subject = oneLine(
    substitute(template.subject, vars, (v, name) => (name === "DLFILES" || name === "LICENSEKEYS" ? "" : v.text), (t) => t)
  ).trim()
  // An order without keys: a paragraph that is only {LICENSEKEYS} goes, blank lines and all.
  const source = dropEmptyKeyParagraph(template.body.replace(/\r\n?/g, "\n"), ctx)
  // Text: paragraphs kept as written; {LibraryURL} alone in one reads "View your order: <url>".
  const text = source
    .split(/(\n{2,})/)
    .map((p, i) =>
      i % 2 === 0 && alone(p, "LibraryURL")
        ? `${libraryLabel(ctx)}${EMAIL_WORDS[ctx.locale].labelColon}${vars.LibraryURL.text}`
        : substitute(p, vars, (v) => v.text, (t) => t)
    )
    .join("")
  const body = source
    .split(/\n{2,}/)
    .map((p) => paragraphHtml(p, vars, ctx))
    .join("\n")
  return { subject, html: emailDocument(ctx.locale, subject, body), text }
}

/** The HTML document around an email's body: inline styles only, as mail clients require. */
export function emailDocument(locale: string, subject: string, body: string): string {
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${buyerTextHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#f4f4f5">
<table role="presentation" width="100%" cellspacing="0" cellpadding="0" style="background:#f4f4f5;padding:24px 0"><tr><td align="center">
<table role="presentation" width="100%" cellspacing="0" cellpadding="0" style="max-width:560px;background:#ffffff;border-radius:8px;padding:32px;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#27272a">
<tr><td>
${body}
</td></tr></table>
</td></tr></table>
</body></html>`
}
