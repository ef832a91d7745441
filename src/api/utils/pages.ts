import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { downloadsLeft } from "../../modules/digital-delivery/utils/grant-rules"
import type { GrantListRow } from "../../modules/digital-delivery/types"
import { counted, formatBytes, formatDate, PAGE_STRINGS, type Locale, type PageStrings } from "../../i18n"
import { escapeHtml } from "../../workflows/utils/html"
import { requestLocale } from "./negotiation"

/**
 * The HTML pages the plugin hosts (order page, login, library, and the page
 * of a refusal): plain HTML forms and links, no JavaScript, in the buyer's
 * language (the words are in i18n/pages.ts and i18n/denials.ts).
 */
export { escapeHtml }

export function pageStrings(req: MedusaRequest): { locale: Locale; t: PageStrings } {
  const locale = requestLocale(req)
  return { locale, t: PAGE_STRINGS[locale] }
}

const STYLE = `body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#18181b;line-height:1.5}
h1{font-size:1.35rem;margin-bottom:.25rem}.muted{color:#71717a;font-size:.9rem}
ul{list-style:none;padding:0}li{display:flex;justify-content:space-between;align-items:center;gap:1rem;padding:.75rem 0;border-bottom:1px solid #e4e4e7}
.name{font-weight:600;word-break:break-word}a.button,button{display:inline-block;padding:.5rem .9rem;background:#18181b;color:#fff;border:0;border-radius:6px;text-decoration:none;font-size:.95rem;cursor:pointer;white-space:nowrap}
a.secondary{background:#f4f4f5;color:#18181b}label{display:block;margin:.75rem 0 .25rem}input{width:100%;padding:.5rem;border:1px solid #d4d4d8;border-radius:6px;font-size:1rem;box-sizing:border-box}
.error{color:#b91c1c}form.inline{display:inline}`

/**
 * `referrerPolicy`: "no-referrer" for pages whose URL holds a secret (the order
 * page's token); "same-origin" for the login and library pages, whose forms
 * must carry their real `Origin` to pass the cross-site check in browsers
 * without Fetch Metadata (with "no-referrer" they send `Origin: null`).
 */
export function sendPage(
  res: MedusaResponse,
  locale: Locale,
  title: string,
  body: string,
  status = 200,
  referrerPolicy: "no-referrer" | "same-origin" = "no-referrer"
) {
  res.status(status)
  res.setHeader("Content-Type", "text/html; charset=utf-8")
  res.setHeader("Cache-Control", "private, no-store")
  res.setHeader("X-Content-Type-Options", "nosniff")
  res.setHeader("Referrer-Policy", referrerPolicy)
  res.setHeader("X-Frame-Options", "DENY")
  res.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
  res.send(`<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>${body}</body></html>`)
}

export type PageFile = {
  name: string
  size: number | null
  status: "active" | "disabled" | "expired" | "exhausted" | "revoked"
  remaining: number | null
  expires_at: Date | null
  href: string | null
}

/** A grant as a line of the file list, with the link that downloads it. */
export function pageFile(grant: GrantListRow, href: string): PageFile {
  return {
    name: grant.asset_filename,
    size: grant.asset_size == null ? null : Number(grant.asset_size),
    status: grant.status,
    remaining: downloadsLeft(grant),
    expires_at: grant.expires_at ? new Date(grant.expires_at) : null,
    href,
  }
}

/** The list of files, each with its state and (when downloadable) its link. */
export function fileList(files: PageFile[], locale: Locale, t: PageStrings) {
  if (!files.length) return `<p class="muted">${escapeHtml(t.noFiles)}</p>`
  const items = files.map((f) => {
    const facts = [
      formatBytes(f.size, locale),
      f.status === "active" ? (f.remaining == null ? t.unlimited : counted(locale, "downloadsLeft", f.remaining)) : t.state[f.status],
      f.status === "active" && f.expires_at ? `${t.expires} ${formatDate(f.expires_at, locale)}` : null,
    ].filter(Boolean)
    const action =
      f.status === "active" && f.href
        ? `<a class="button" href="${escapeHtml(f.href)}" rel="nofollow">${escapeHtml(t.download)}</a>`
        : ""
    return `<li><div><div class="name">${escapeHtml(f.name)}</div><div class="muted">${escapeHtml(facts.join(" · "))}</div></div>${action}</li>`
  })
  return `<ul>${items.join("")}</ul>`
}

/** The page of a refusal (api/utils/denial.ts sends it with its own headers). */
export function denialPage(locale: Locale, title: string, message: string): string {
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#18181b;line-height:1.5}h1{font-size:1.25rem}p{color:#52525b}</style>
</head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`
}
