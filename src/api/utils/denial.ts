import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { escapeHtml } from "../../modules/digital-delivery/lib/html"

/** Why a download (or a hosted form) was refused; the buyer sees the message, an API client the code. */
export type DenialCode =
  | "not_found"
  | "disabled"
  | "expired"
  | "revoked"
  | "limit_reached"
  | "range_not_satisfiable"
  | "precondition_failed"
  | "storage_unavailable"
  | "too_many_requests"
  | "cross_site_request"

const STATUS: Record<DenialCode, number> = {
  not_found: 404,
  disabled: 403,
  expired: 410,
  revoked: 410,
  limit_reached: 410,
  range_not_satisfiable: 416,
  precondition_failed: 412,
  storage_unavailable: 503,
  too_many_requests: 429,
  cross_site_request: 403,
}

type Messages = Record<DenialCode, { title: string; message: string }>

const MESSAGES: Record<"en" | "fr" | "pl", Messages> = {
  en: {
    not_found: { title: "Link not valid", message: "This download link is not valid. Check that you copied the whole link, or ask the store for a new one." },
    disabled: { title: "Download not available", message: "This download is not available at the moment, for example while the payment is pending. Please contact the store." },
    expired: { title: "Link expired", message: "This download link has expired. Please contact the store if you still need the file." },
    revoked: { title: "Download revoked", message: "This download is no longer available for this order." },
    limit_reached: { title: "Download limit reached", message: "All the downloads of this file have been used: the full number of copies allowed has been sent (an interrupted download uses only the part that was received). The store can reset your downloads if you need the file again." },
    range_not_satisfiable: { title: "Range not satisfiable", message: "The requested part of the file does not exist. Start the download again from the beginning." },
    precondition_failed: { title: "File changed", message: "The file has changed since your download started. Start the download again." },
    storage_unavailable: { title: "File temporarily unavailable", message: "The file cannot be delivered right now. Nothing was counted; please try again in a few minutes." },
    too_many_requests: { title: "Too many requests", message: "Too many requests came from your connection or for this link. Please wait a minute and try again." },
    cross_site_request: { title: "Request refused", message: "This form was sent from another website, so it was refused to protect your account. Nothing was changed. Open the page on the store's own site and try again." },
  },
  fr: {
    not_found: { title: "Lien non valide", message: "Ce lien de téléchargement n'est pas valide. Vérifiez que vous avez copié le lien en entier, ou demandez-en un nouveau à la boutique." },
    disabled: { title: "Téléchargement indisponible", message: "Ce téléchargement n'est pas disponible pour le moment, par exemple tant que le paiement est en attente. Contactez la boutique." },
    expired: { title: "Lien expiré", message: "Ce lien de téléchargement a expiré. Contactez la boutique si vous avez encore besoin du fichier." },
    revoked: { title: "Téléchargement révoqué", message: "Ce téléchargement n'est plus disponible pour cette commande." },
    limit_reached: { title: "Limite de téléchargements atteinte", message: "Tous les téléchargements de ce fichier ont été utilisés : le nombre de copies autorisé a été envoyé (un téléchargement interrompu ne compte que la partie reçue). La boutique peut réinitialiser vos téléchargements si vous avez de nouveau besoin du fichier." },
    range_not_satisfiable: { title: "Plage non disponible", message: "La partie demandée du fichier n'existe pas. Recommencez le téléchargement depuis le début." },
    precondition_failed: { title: "Fichier modifié", message: "Le fichier a changé depuis le début de votre téléchargement. Recommencez le téléchargement." },
    storage_unavailable: { title: "Fichier momentanément indisponible", message: "Le fichier ne peut pas être livré pour le moment. Rien n'a été décompté ; réessayez dans quelques minutes." },
    too_many_requests: { title: "Trop de requêtes", message: "Trop de requêtes sont arrivées depuis votre connexion ou pour ce lien. Patientez une minute puis réessayez." },
    cross_site_request: { title: "Requête refusée", message: "Ce formulaire a été envoyé depuis un autre site ; il a été refusé pour protéger votre compte. Rien n'a été modifié. Ouvrez la page sur le site de la boutique et réessayez." },
  },
  pl: {
    not_found: { title: "Link nieprawidłowy", message: "Ten link do pobrania jest nieprawidłowy. Sprawdź, czy skopiowano cały link, lub poproś sklep o nowy." },
    disabled: { title: "Pobieranie niedostępne", message: "To pobieranie jest chwilowo niedostępne, na przykład do czasu zaksięgowania płatności. Skontaktuj się ze sklepem." },
    expired: { title: "Link wygasł", message: "Ten link do pobrania wygasł. Skontaktuj się ze sklepem, jeśli nadal potrzebujesz pliku." },
    revoked: { title: "Pobieranie cofnięte", message: "To pobieranie nie jest już dostępne dla tego zamówienia." },
    limit_reached: { title: "Limit pobrań wyczerpany", message: "Wykorzystano wszystkie pobrania tego pliku: wysłano dozwoloną liczbę kopii (przerwane pobieranie liczy się tylko w części, która dotarła). Sklep może wyzerować Twoje pobrania, jeśli potrzebujesz pliku ponownie." },
    range_not_satisfiable: { title: "Nieprawidłowy zakres", message: "Żądana część pliku nie istnieje. Rozpocznij pobieranie od początku." },
    precondition_failed: { title: "Plik się zmienił", message: "Plik zmienił się od rozpoczęcia pobierania. Rozpocznij pobieranie ponownie." },
    storage_unavailable: { title: "Plik chwilowo niedostępny", message: "Nie można teraz dostarczyć pliku. Nic nie zostało policzone; spróbuj ponownie za kilka minut." },
    too_many_requests: { title: "Zbyt wiele żądań", message: "Z Twojego połączenia lub dla tego linku przyszło zbyt wiele żądań. Odczekaj minutę i spróbuj ponownie." },
    cross_site_request: { title: "Żądanie odrzucone", message: "Ten formularz został wysłany z innej witryny, więc odrzucono go, aby chronić Twoje konto. Nic nie zostało zmienione. Otwórz stronę w witrynie sklepu i spróbuj ponownie." },
  },
}

export type Locale = keyof typeof MESSAGES

/** The first of en/fr/pl the browser accepts, English otherwise. */
export function pickLocale(acceptLanguage: string | undefined): Locale {
  const wanted = (acceptLanguage ?? "")
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.trim().split(";")
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())).find(Boolean)
      return { lang: tag.toLowerCase().split("-")[0], q: q ? Number(q[1]) : 1 }
    })
    .filter((l) => l.lang && l.q > 0)
    .sort((a, b) => b.q - a.q)
  for (const { lang } of wanted) {
    if (lang in MESSAGES) {
      return lang as Locale
    }
  }
  return "en"
}

export function wantsJson(req: MedusaRequest): boolean {
  const accept = req.headers.accept ?? ""
  return /\bapplication\/json\b/i.test(accept) && !/\btext\/html\b/i.test(accept)
}

export { escapeHtml }

export function denialStatus(code: DenialCode): number {
  return STATUS[code]
}

/** Sends the refusal: JSON for API clients, a short page in the buyer's language otherwise. */
export function sendDenial(
  req: MedusaRequest,
  res: MedusaResponse,
  code: DenialCode,
  extraHeaders: Record<string, string> = {}
) {
  const status = STATUS[code]
  const locale = pickLocale(req.headers["accept-language"])
  const { title, message } = MESSAGES[locale][code]
  res.status(status)
  res.setHeader("Cache-Control", "private, no-store, no-transform")
  res.setHeader("X-Content-Type-Options", "nosniff")
  res.setHeader("Referrer-Policy", "no-referrer")
  for (const [name, value] of Object.entries(extraHeaders)) {
    res.setHeader(name, value)
  }
  if (wantsJson(req)) {
    res.json({ code, message })
    return
  }
  res.setHeader("Content-Type", "text/html; charset=utf-8")
  res.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
  const body = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#18181b;line-height:1.5}h1{font-size:1.25rem}p{color:#52525b}</style>
</head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`
  res.send(req.method === "HEAD" ? undefined : body)
}
