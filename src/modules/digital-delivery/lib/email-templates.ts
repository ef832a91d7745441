import { escapeHtml } from "./html"

/**
 * The delivery email: merchant-editable subject and body with placeholders,
 * rendered to a clean HTML email and a plain-text part. Bodies are plain text
 * (blank line = new paragraph); placeholders are replaced with escaped values,
 * so a template can never inject markup.
 */
export const SUPPORTED_LOCALES = ["en", "fr", "pl"] as const
export type EmailLocale = (typeof SUPPORTED_LOCALES)[number]

export type EmailTemplate = { subject: string; body: string }
export type EmailTemplates = Partial<Record<EmailLocale, Partial<EmailTemplate>>>

export const PLACEHOLDERS = {
  OrderID: "The order number, e.g. #1042",
  ClientName: "The buyer's name (or email when no name is known)",
  DLFILES: "The list of files: name, size, downloads left and the link",
  StoreName: "The store's name",
  ExpiryDate: "When the links expire (the earliest, if files differ)",
  MaxDownloads: "How many times each file can be downloaded",
  LibraryURL: "The page listing all files of the order (guests) or the customer's library",
  Email: "The buyer's email address",
} as const
export type PlaceholderName = keyof typeof PLACEHOLDERS

export const DEFAULT_TEMPLATES: Record<EmailLocale, EmailTemplate> = {
  en: {
    subject: "Your downloads for order {OrderID}",
    body: [
      "Hello {ClientName},",
      "Thank you for your order {OrderID} at {StoreName}. Your files are ready:",
      "{DLFILES}",
      "Downloads per file: {MaxDownloads}. Links expire: {ExpiryDate}. If a download is interrupted, your browser can resume it.",
      "All your files, at any time: {LibraryURL}",
      "Thank you,\n{StoreName}",
    ].join("\n\n"),
  },
  fr: {
    subject: "Vos téléchargements pour la commande {OrderID}",
    body: [
      "Bonjour {ClientName},",
      "Merci pour votre commande {OrderID} chez {StoreName}. Vos fichiers sont prêts :",
      "{DLFILES}",
      "Téléchargements par fichier : {MaxDownloads}. Expiration des liens : {ExpiryDate}. Si un téléchargement est interrompu, votre navigateur peut le reprendre.",
      "Tous vos fichiers, à tout moment : {LibraryURL}",
      "Merci,\n{StoreName}",
    ].join("\n\n"),
  },
  pl: {
    subject: "Twoje pliki do zamówienia {OrderID}",
    body: [
      "Dzień dobry {ClientName},",
      "Dziękujemy za zamówienie {OrderID} w sklepie {StoreName}. Twoje pliki są gotowe do pobrania:",
      "{DLFILES}",
      "Liczba pobrań każdego pliku: {MaxDownloads}. Linki wygasają: {ExpiryDate}. Jeśli pobieranie zostanie przerwane, przeglądarka może je wznowić.",
      "Wszystkie Twoje pliki w jednym miejscu: {LibraryURL}",
      "Dziękujemy,\n{StoreName}",
    ].join("\n\n"),
  },
}

const WORDS: Record<EmailLocale, Record<"unlimited" | "never" | "left" | "download" | "openLibrary", string>> = {
  en: { unlimited: "unlimited", never: "never", left: "downloads left", download: "Download", openLibrary: "Log in to download" },
  fr: { unlimited: "illimités", never: "jamais", left: "téléchargements restants", download: "Télécharger", openLibrary: "Connectez-vous pour télécharger" },
  pl: { unlimited: "bez limitu", never: "nigdy", left: "pozostało pobrań", download: "Pobierz", openLibrary: "Zaloguj się, aby pobrać" },
}

export type EmailFile = {
  name: string
  size: number | null
  /** The direct link (guests) or null (registered customers: they download from the library). */
  url: string | null
  max_downloads: number | null
  remaining: number | null
  expires_at: Date | null
}

export type EmailContext = {
  locale: EmailLocale
  order_display_id: string
  client_name: string
  email: string
  store_name: string
  library_url: string
  files: EmailFile[]
}

const PLACEHOLDER_RE = /\{([A-Za-z]+)\}/g

const hasOwn = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key)

/** Placeholders a template uses that the renderer does not know. */
export function unknownPlaceholders(text: string): string[] {
  const unknown = new Set<string>()
  for (const match of text.matchAll(PLACEHOLDER_RE)) {
    // Own keys only: `in` would also accept {constructor}, {toString}, {__proto__}…
    if (!hasOwn(PLACEHOLDERS, match[1])) unknown.add(`{${match[1]}}`)
  }
  return [...unknown]
}

export function pickEmailLocale(locale: string | null | undefined): EmailLocale {
  const lang = (locale ?? "").toLowerCase().split(/[-_]/)[0]
  return (SUPPORTED_LOCALES as readonly string[]).includes(lang) ? (lang as EmailLocale) : "en"
}

/** The merchant's template for a locale, completed by the default one. */
export function templateFor(templates: EmailTemplates | null | undefined, locale: EmailLocale): EmailTemplate {
  const own = templates?.[locale] ?? {}
  return {
    subject: own.subject?.trim() ? own.subject : DEFAULT_TEMPLATES[locale].subject,
    body: own.body?.trim() ? own.body : DEFAULT_TEMPLATES[locale].body,
  }
}

export function formatBytes(bytes: number | null, locale: EmailLocale): string {
  if (bytes == null) return ""
  const units = ["B", "KB", "MB", "GB", "TB"]
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: unit ? 1 : 0 }).format(value)
  return `${number} ${units[unit]}`
}

function formatDate(date: Date, locale: EmailLocale) {
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(date)
}

function values(ctx: EmailContext): Record<Exclude<PlaceholderName, "DLFILES">, string> {
  const words = WORDS[ctx.locale]
  const expiries = ctx.files.map((f) => f.expires_at).filter((d): d is Date => !!d)
  const earliest = expiries.length ? new Date(Math.min(...expiries.map((d) => new Date(d).getTime()))) : null
  const limits = ctx.files.map((f) => f.max_downloads)
  const max = limits.some((l) => l == null) || !limits.length ? null : Math.min(...(limits as number[]))
  return {
    OrderID: ctx.order_display_id,
    ClientName: ctx.client_name,
    StoreName: ctx.store_name,
    ExpiryDate: earliest ? formatDate(earliest, ctx.locale) : words.never,
    MaxDownloads: max == null ? words.unlimited : String(max),
    LibraryURL: ctx.library_url,
    Email: ctx.email,
  }
}

function filesText(ctx: EmailContext): string {
  const words = WORDS[ctx.locale]
  return ctx.files
    .map((f) => {
      const facts = [formatBytes(f.size, ctx.locale), f.remaining == null ? null : `${f.remaining} ${words.left}`]
        .filter(Boolean)
        .join(", ")
      return `- ${f.name}${facts ? ` (${facts})` : ""}: ${f.url ?? ctx.library_url}`
    })
    .join("\n")
}

function filesHtml(ctx: EmailContext): string {
  const words = WORDS[ctx.locale]
  const rows = ctx.files
    .map((f) => {
      const facts = [formatBytes(f.size, ctx.locale), f.remaining == null ? null : `${f.remaining} ${words.left}`]
        .filter(Boolean)
        .join(" · ")
      const href = escapeHtml(f.url ?? ctx.library_url)
      const label = f.url ? words.download : words.openLibrary
      return (
        `<tr><td style="padding:10px 0;border-bottom:1px solid #e4e4e7">` +
        `<div style="font-weight:600;color:#18181b">${escapeHtml(f.name)}</div>` +
        (facts ? `<div style="font-size:13px;color:#71717a">${escapeHtml(facts)}</div>` : "") +
        `</td><td style="padding:10px 0;border-bottom:1px solid #e4e4e7;text-align:right;white-space:nowrap">` +
        `<a href="${href}" style="display:inline-block;padding:8px 14px;background:#18181b;color:#ffffff;border-radius:6px;text-decoration:none;font-size:14px">${escapeHtml(label)}</a>` +
        `</td></tr>`
      )
    })
    .join("")
  return `<table role="presentation" width="100%" cellspacing="0" cellpadding="0" style="border-collapse:collapse;margin:8px 0">${rows}</table>`
}

function substituteText(template: string, vars: Record<string, string>, files: string) {
  return template.replace(PLACEHOLDER_RE, (whole, name: string) =>
    name === "DLFILES" ? files : hasOwn(vars, name) ? vars[name] : whole
  )
}

const URL_RE = /https?:\/\/[^\s<>"']+/g

function paragraphHtml(paragraph: string, vars: Record<string, string>, files: string): string {
  // A paragraph that is only {DLFILES} becomes the table itself.
  if (paragraph.trim() === "{DLFILES}") return files
  const parts: string[] = []
  let last = 0
  for (const match of paragraph.matchAll(PLACEHOLDER_RE)) {
    parts.push(linkify(escapeHtml(paragraph.slice(last, match.index))))
    const name = match[1]
    if (name === "DLFILES") parts.push(files)
    else if (hasOwn(vars, name)) parts.push(linkify(escapeHtml(vars[name])))
    else parts.push(escapeHtml(match[0]))
    last = match.index! + match[0].length
  }
  parts.push(linkify(escapeHtml(paragraph.slice(last))))
  return `<p style="margin:0 0 16px">${parts.join("").replace(/\n/g, "<br>")}</p>`
}

function linkify(escaped: string): string {
  return escaped.replace(URL_RE, (url) => `<a href="${url}" style="color:#2563eb;word-break:break-all">${url}</a>`)
}

/** Renders subject, HTML and text for one order. */
export function renderDeliveryEmail(template: EmailTemplate, ctx: EmailContext) {
  const vars = values(ctx)
  const subject = substituteText(template.subject, vars, "").replace(/[\r\n]+/g, " ").trim()
  const text = substituteText(template.body, vars, filesText(ctx))
  const table = filesHtml(ctx)
  const body = template.body
    .split(/\n{2,}/)
    .map((p) => paragraphHtml(p, vars, table))
    .join("\n")
  const html = `<!doctype html>
<html lang="${ctx.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#f4f4f5">
<table role="presentation" width="100%" cellspacing="0" cellpadding="0" style="background:#f4f4f5;padding:24px 0"><tr><td align="center">
<table role="presentation" width="100%" cellspacing="0" cellpadding="0" style="max-width:560px;background:#ffffff;border-radius:8px;padding:32px;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#27272a">
<tr><td>
${body}
</td></tr></table>
</td></tr></table>
</body></html>`
  return { subject, html, text }
}
