import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { downloadsLeft } from "../../modules/digital-delivery/utils/grant-rules"
import type { GrantListRow } from "../../modules/digital-delivery/types"
import { counted, formatBytes, formatDate, PAGE_STRINGS, type Locale, type PageStrings } from "../../i18n"
import { escapeHtml } from "../../workflows/utils/html"
import { releaseNotesHtml } from "../../workflows/utils/release-notes"
import { isNamedRelease, releaseHref, type AssetReleases } from "./releases"
import { loadStoreIdentity, type StoreIdentity } from "../../workflows/utils/store-identity"
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

/** The store as every hosted page shows it (read once, kept briefly: workflows/utils/store-identity). */
export function pageStore(req: MedusaRequest): Promise<StoreIdentity> {
  return loadStoreIdentity(req.scope)
}

const STYLE = `body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#18181b;line-height:1.5}
h1{font-size:1.35rem;margin-bottom:.25rem}.muted{color:#71717a;font-size:.9rem}
ul{list-style:none;padding:0}li{display:flex;justify-content:space-between;align-items:center;gap:1rem;padding:.75rem 0;border-bottom:1px solid #e4e4e7}
.name{font-weight:600;word-break:break-word}a.button,button{display:inline-block;padding:.5rem .9rem;background:#18181b;color:#fff;border:0;border-radius:6px;text-decoration:none;font-size:.95rem;cursor:pointer;white-space:nowrap}
a.secondary{background:#f4f4f5;color:#18181b}label{display:block;margin:.75rem 0 .25rem}input{width:100%;padding:.5rem;border:1px solid #d4d4d8;border-radius:6px;font-size:1rem;box-sizing:border-box}
.error{color:#b91c1c}form.inline{display:inline}
header.store{display:flex;align-items:center;gap:.75rem;padding-bottom:.75rem;margin-bottom:1.5rem;border-bottom:3px solid var(--accent)}
header.store img{max-height:2.5rem;max-width:10rem;object-fit:contain}header.store .store-name{font-weight:600;font-size:1.05rem}
a.button,button{background:var(--accent);color:var(--on-accent)}a.secondary,button.secondary{background:#f4f4f5;color:#18181b}
h2.product{font-size:1.05rem;margin:1.75rem 0 0}.release{font-size:.9rem;color:#3f3f46}.notes{font-size:.9rem;color:#3f3f46}.notes p{margin:.25rem 0}
details.earlier{margin-top:.35rem;font-size:.9rem}details.earlier summary{cursor:pointer;color:#52525b}details.earlier li{padding:.5rem 0}.variant{color:#52525b;font-size:.9rem}p.links{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}`

/** Images may come from the store's https logo only; everything else stays blocked. */
export const PAGE_CSP = "default-src 'none'; img-src https:; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"

/** Text on the accent colour: dark on a light accent, white on a dark one (WCAG relative luminance). */
export function textOn(hex: string): string {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
  return luminance > 0.4 ? "#18181b" : "#ffffff"
}

/** The colours of the buttons and the header's rule: the store's accent, else near-black. */
function accentStyle(store: StoreIdentity): string {
  const accent = store.accent_color ?? "#18181b"
  return `:root{--accent:${accent};--on-accent:${textOn(accent)}}`
}

/** The header of every hosted page: the store's logo (alt: its name) and its name. */
export function storeHeader(store: StoreIdentity): string {
  const logo = store.logo_url ? `<img src="${escapeHtml(store.logo_url)}" alt="${escapeHtml(store.name)}">` : ""
  return `<header class="store" data-store>${logo}<span class="store-name">${escapeHtml(store.name)}</span></header>`
}

/** "Contact <store>": a mailto: or https link when the store set a support contact, else nothing. */
export function supportLink(store: StoreIdentity, label: string): string {
  if (!store.support) return ""
  const href = store.support.kind === "email" ? `mailto:${store.support.value}` : store.support.value
  const shown = store.support.kind === "email" ? ` (${store.support.value})` : ""
  return `<a href="${escapeHtml(href)}" rel="noopener noreferrer" data-support>${escapeHtml(label.replaceAll("{store}", () => store.name) + shown)}</a>`
}

/**
 * `referrerPolicy`: "no-referrer" for pages whose URL holds a secret (the order
 * page's token); "same-origin" for the login and library pages, whose forms
 * must carry their real `Origin` to pass the cross-site check in browsers
 * without Fetch Metadata (with "no-referrer" they send `Origin: null`).
 */
export function sendPage(
  res: MedusaResponse,
  store: StoreIdentity,
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
  res.setHeader("Content-Security-Policy", PAGE_CSP)
  res.send(`<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${title} · ${store.name}`)}</title><style>${accentStyle(store)}${STYLE}</style></head>
<body>${storeHeader(store)}${body}</body></html>`)
}

/** The product a file was bought with (the order line's snapshot), to group the files by. */
export type PageProduct = { product_id: string | null; product_title: string | null; variant_id: string | null; variant_title: string | null }

export type PageFile = {
  name: string
  product?: PageProduct | null
  size: number | null
  status: "active" | "disabled" | "expired" | "exhausted" | "revoked"
  remaining: number | null
  expires_at: Date | null
  href: string | null
  /** The release the link serves (when worth naming: releases.ts isNamedRelease) */
  release?: PageRelease | null
  /** Earlier releases the merchant keeps downloadable, newest first, each with its own link */
  earlier?: (PageRelease & { size: number | null; href: string })[]
}

/** A release as the pages show it: the merchant's label (else "Version N"), its date and its notes. */
export type PageRelease = { label: string | null; version: number; published_at: Date; notes: string | null }

/** A grant as a line of the file list, with the link that downloads it (and its releases, when known). */
export function pageFile(grant: GrantListRow, href: string, product?: PageProduct | null, releases?: AssetReleases | null): PageFile {
  const shown = (r: NonNullable<AssetReleases["current"]>): PageRelease => ({
    label: r.version_label,
    version: r.version,
    published_at: r.published_at,
    notes: r.release_notes,
  })
  const current = releases?.current
  return {
    release: current && (isNamedRelease(current) || !!releases?.earlier.length) ? shown(current) : null,
    earlier: (releases?.earlier ?? []).map((r) => ({ ...shown(r), size: r.size, href: releaseHref(href, r.version) })),
    name: grant.asset_filename,
    product: product ?? null,
    size: grant.asset_size == null ? null : Number(grant.asset_size),
    status: grant.status,
    remaining: downloadsLeft(grant),
    expires_at: grant.expires_at ? new Date(grant.expires_at) : null,
    href,
  }
}

/** The list of files, each with its state and (when downloadable) its link. */
export function fileList(files: (PageFile & { variant?: string | null })[], locale: Locale, t: PageStrings) {
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
    const variant = f.variant ? `<div class="variant">${escapeHtml(f.variant)}</div>` : ""
    return `<li><div><div class="name">${escapeHtml(f.name)}</div>${variant}<div class="muted">${escapeHtml(facts.join(" · "))}</div>${releaseHtml(f, locale, t)}</div>${action}</li>`
  })
  return `<ul>${items.join("")}</ul>`
}

/** "2.1.0 · released 30 November 2026" (or "Version 3 · …"). */
function releaseLine(r: PageRelease, locale: Locale, t: PageStrings): string {
  const name = r.label ?? t.versionN.replace("{n}", String(r.version))
  return `${name} · ${t.released.replace("{date}", formatDate(r.published_at, locale))}`
}

function notesHtml(r: PageRelease, t: PageStrings): string {
  const html = releaseNotesHtml(r.notes)
  return html ? `<div class="notes" data-release-notes><strong>${escapeHtml(t.whatsNew)}</strong>${html}</div>` : ""
}

/** A file's current release and its notes, then its earlier releases (when kept), each with a link while the file is downloadable. */
function releaseHtml(f: PageFile, locale: Locale, t: PageStrings): string {
  let html = ""
  if (f.release) {
    html += `<div class="release" data-release="${f.release.version}">${escapeHtml(releaseLine(f.release, locale, t))}</div>${notesHtml(f.release, t)}`
  }
  if (f.earlier?.length) {
    const items = f.earlier.map((r) => {
      const facts = [formatBytes(r.size, locale), releaseLine(r, locale, t)].filter(Boolean).join(" · ")
      const action = f.status === "active" ? `<a class="button secondary" href="${escapeHtml(r.href)}" rel="nofollow">${escapeHtml(t.download)}</a>` : ""
      return `<li data-release-version="${r.version}"><div><div class="muted">${escapeHtml(facts)}</div>${notesHtml(r, t)}</div>${action}</li>`
    })
    html += `<details class="earlier" data-earlier-releases><summary>${escapeHtml(t.earlierReleases)} (${f.earlier.length})</summary><ul>${items.join("")}</ul></details>`
  }
  return html
}

/**
 * The files grouped by the product they were bought with, in the order the
 * products first appear: a heading per product; the variant's title under a
 * file's name when the buyer's files of that product come from several
 * variants (PDF and EPUB editions). Files of no known product come last, under
 * "Other files" (no heading when no file has a product).
 */
export function groupedFileList(files: PageFile[], locale: Locale, t: PageStrings): string {
  if (!files.some((f) => f.product?.product_title)) return fileList(files, locale, t)
  const groups = new Map<string, { title: string; files: PageFile[] }>()
  const other: PageFile[] = []
  for (const f of files) {
    const p = f.product
    if (!p?.product_title) {
      other.push(f)
      continue
    }
    const key = p.product_id ?? `title:${p.product_title}`
    const group = groups.get(key) ?? { title: p.product_title, files: [] }
    group.files.push(f)
    groups.set(key, group)
  }
  const sections = [...groups.values()].map(({ title, files: own }) => {
    const variants = new Set(own.map((f) => f.product?.variant_id ?? f.product?.variant_title ?? ""))
    const shown = own.map((f) => ({ ...f, variant: variants.size > 1 ? f.product?.variant_title ?? null : null }))
    return `<section data-product><h2 class="product">${escapeHtml(title)}</h2>${fileList(shown, locale, t)}</section>`
  })
  if (other.length) sections.push(`<section data-product><h2 class="product">${escapeHtml(t.otherFiles)}</h2>${fileList(other, locale, t)}</section>`)
  return sections.join("\n")
}

/** Where a refused buyer can go next: their order page, or their library (registered customers). */
export type DenialLinks = { order_url?: string | null; library_url?: string | null }

/** The page of a refusal (api/utils/denial.ts sends it with its own headers): what happened, what to do, where to go. */
export function denialPage(
  locale: Locale,
  words: { title: string; message: string; action: string },
  store: StoreIdentity,
  links: DenialLinks = {}
): string {
  const t = PAGE_STRINGS[locale]
  const back = [
    links.order_url ? `<a class="button" href="${escapeHtml(links.order_url)}" data-back>${escapeHtml(t.backToOrder)}</a>` : "",
    links.library_url ? `<a class="button" href="${escapeHtml(links.library_url)}" data-back>${escapeHtml(t.openLibrary)}</a>` : "",
    supportLink(store, t.contact),
  ].filter(Boolean)
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${words.title} · ${store.name}`)}</title>
<style>${accentStyle(store)}body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#18181b;line-height:1.5}h1{font-size:1.25rem}p{color:#52525b}
header.store{display:flex;align-items:center;gap:.75rem;padding-bottom:.75rem;margin-bottom:1.5rem;border-bottom:3px solid var(--accent)}header.store img{max-height:2.5rem;max-width:10rem;object-fit:contain}header.store .store-name{font-weight:600;color:#18181b}
a.button{display:inline-block;padding:.5rem .9rem;background:var(--accent);color:var(--on-accent);border-radius:6px;text-decoration:none}p.links{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}</style>
</head><body>${storeHeader(store)}<h1>${escapeHtml(words.title)}</h1><p>${escapeHtml(words.message)}</p><p>${escapeHtml(words.action)}</p>${back.length ? `<p class="links">${back.join("")}</p>` : ""}</body></html>`
}
