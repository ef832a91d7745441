import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { formatBytes } from "../../modules/digital-delivery/lib/email-templates"
import { escapeHtml, pickLocale, type Locale } from "./denial"

/**
 * The buyer-facing pages the plugin hosts (order page, login, library): plain
 * HTML forms and links, no JavaScript, in the buyer's language.
 */
const STRINGS = {
  en: {
    yourFiles: "Your files",
    order: "Order",
    download: "Download",
    downloadAll: "Download all (ZIP)",
    left: "downloads left",
    unlimited: "unlimited downloads",
    expires: "available until",
    noFiles: "There are no files here yet. If you just paid, they appear as soon as the payment is confirmed.",
    loginTitle: "Log in to download your files",
    email: "Email",
    password: "Password",
    logIn: "Log in",
    logOut: "Log out",
    badLogin: "Wrong email or password.",
    state: { active: "ready", disabled: "not available yet", expired: "expired", exhausted: "download limit reached", revoked: "no longer available" },
  },
  fr: {
    yourFiles: "Vos fichiers",
    order: "Commande",
    download: "Télécharger",
    downloadAll: "Tout télécharger (ZIP)",
    left: "téléchargements restants",
    unlimited: "téléchargements illimités",
    expires: "disponible jusqu'au",
    noFiles: "Aucun fichier pour le moment. Si vous venez de payer, ils apparaîtront dès la confirmation du paiement.",
    loginTitle: "Connectez-vous pour télécharger vos fichiers",
    email: "E-mail",
    password: "Mot de passe",
    logIn: "Se connecter",
    logOut: "Se déconnecter",
    badLogin: "E-mail ou mot de passe incorrect.",
    state: { active: "prêt", disabled: "pas encore disponible", expired: "expiré", exhausted: "limite de téléchargements atteinte", revoked: "plus disponible" },
  },
  pl: {
    yourFiles: "Twoje pliki",
    order: "Zamówienie",
    download: "Pobierz",
    downloadAll: "Pobierz wszystko (ZIP)",
    left: "pozostało pobrań",
    unlimited: "bez limitu pobrań",
    expires: "dostępne do",
    noFiles: "Nie ma tu jeszcze plików. Jeśli właśnie zapłacono, pojawią się po potwierdzeniu płatności.",
    loginTitle: "Zaloguj się, aby pobrać swoje pliki",
    email: "E-mail",
    password: "Hasło",
    logIn: "Zaloguj się",
    logOut: "Wyloguj się",
    badLogin: "Nieprawidłowy e-mail lub hasło.",
    state: { active: "gotowe", disabled: "jeszcze niedostępne", expired: "wygasło", exhausted: "limit pobrań wyczerpany", revoked: "już niedostępne" },
  },
} as const

export type PageStrings = (typeof STRINGS)[Locale]

export function pageStrings(req: MedusaRequest): { locale: Locale; t: PageStrings } {
  const locale = pickLocale(req.headers["accept-language"])
  return { locale, t: STRINGS[locale] }
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


/** The list of files, each with its state and (when downloadable) its link. */
export function fileList(files: PageFile[], locale: Locale, t: PageStrings) {
  if (!files.length) return `<p class="muted">${escapeHtml(t.noFiles)}</p>`
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" })
  const items = files.map((f) => {
    const facts = [
      formatBytes(f.size, locale),
      f.status === "active" ? (f.remaining == null ? t.unlimited : `${f.remaining} ${t.left}`) : t.state[f.status],
      f.status === "active" && f.expires_at ? `${t.expires} ${dateFormat.format(f.expires_at)}` : null,
    ].filter(Boolean)
    const action =
      f.status === "active" && f.href
        ? `<a class="button" href="${escapeHtml(f.href)}" rel="nofollow">${escapeHtml(t.download)}</a>`
        : ""
    return `<li><div><div class="name">${escapeHtml(f.name)}</div><div class="muted">${escapeHtml(facts.join(" · "))}</div></div>${action}</li>`
  })
  return `<ul>${items.join("")}</ul>`
}
