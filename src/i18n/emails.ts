import type { Locale } from "./locale"

/** A delivery email's subject and body: plain text with {Placeholders} (workflows/utils/email-template.ts). */
export type EmailTemplate = { subject: string; body: string }

/** The delivery email a store sends until the merchant writes its own (Settings > Digital delivery). */
export const DEFAULT_TEMPLATES: Record<Locale, EmailTemplate> = {
  en: {
    subject: "Your downloads for order {OrderID}",
    body: [
      "Hello {ClientName},",
      "Thank you for your order {OrderID} at {StoreName}. Your files are ready:",
      "{DLFILES}",
      "{LICENSEKEYS}",
      "Downloads per file: {MaxDownloads}. Links expire: {ExpiryDate}. If a download is interrupted, your browser can resume it.",
      "{LibraryURL}",
      "Thank you,\n{StoreName}",
    ].join("\n\n"),
  },
  fr: {
    subject: "Vos téléchargements pour la commande {OrderID}",
    body: [
      "Bonjour {ClientName},",
      "Merci pour votre commande {OrderID} chez {StoreName}. Vos fichiers sont prêts :",
      "{DLFILES}",
      "{LICENSEKEYS}",
      "Téléchargements par fichier : {MaxDownloads}. Expiration des liens : {ExpiryDate}. Si un téléchargement est interrompu, votre navigateur peut le reprendre.",
      "{LibraryURL}",
      "Merci,\n{StoreName}",
    ].join("\n\n"),
  },
  pl: {
    subject: "Twoje pliki do zamówienia {OrderID}",
    body: [
      "Dzień dobry {ClientName},",
      "Dziękujemy za zamówienie {OrderID} w sklepie {StoreName}. Twoje pliki są gotowe do pobrania:",
      "{DLFILES}",
      "{LICENSEKEYS}",
      "Liczba pobrań każdego pliku: {MaxDownloads}. Linki wygasają: {ExpiryDate}. Jeśli pobieranie zostanie przerwane, przeglądarka może je wznowić.",
      "{LibraryURL}",
      "Dziękujemy,\n{StoreName}",
    ].join("\n\n"),
  },
}

/** Why a file of the email has no Download button (the grant's state, grant-rules). */
export type EmailFileRefusal = "exhausted" | "expired" | "disabled" | "revoked"

export type EmailWords = {
  unlimited: string
  never: string
  download: string
  openLibrary: string
  /** {MaxDownloads} when files differ: "5; unlimited for Guide.pdf" ({limit}, {files}; `separator` between the groups). */
  limitFor: string
  separator: string
  /** The order page (guests) or the library (registered customers): the button, and the text part's "label: url". */
  viewOrder: string
  openYourLibrary: string
  labelColon: string
  /** A release without a label, after a file's name in {DLFILES}: "version 3" ({n}). */
  versionN: string
  /** Said instead of a Download button. */
  refused: Record<EmailFileRefusal, string>
}

/** The words the email's placeholders are rendered with ({MaxDownloads}, {ExpiryDate}, {DLFILES}, {LibraryURL}; its counted words are in counts.ts). */
export const EMAIL_WORDS: Record<Locale, EmailWords> = {
  en: {
    unlimited: "unlimited",
    never: "never",
    download: "Download",
    openLibrary: "Log in to download",
    limitFor: "{limit} for {files}",
    separator: "; ",
    viewOrder: "View your order",
    openYourLibrary: "Open your library",
    labelColon: ": ",
    versionN: "version {n}",
    refused: { exhausted: "Download limit reached", expired: "Link expired", disabled: "Not available at the moment", revoked: "No longer available" },
  },
  fr: {
    unlimited: "illimités",
    never: "jamais",
    download: "Télécharger",
    openLibrary: "Connectez-vous pour télécharger",
    limitFor: "{limit} pour {files}",
    separator: " ; ",
    viewOrder: "Voir votre commande",
    openYourLibrary: "Ouvrir votre bibliothèque",
    labelColon: " : ",
    versionN: "version {n}",
    refused: { exhausted: "Limite de téléchargements atteinte", expired: "Lien expiré", disabled: "Indisponible pour le moment", revoked: "N’est plus disponible" },
  },
  pl: {
    unlimited: "bez limitu",
    never: "nigdy",
    download: "Pobierz",
    openLibrary: "Zaloguj się, aby pobrać",
    limitFor: "{limit} dla {files}",
    separator: "; ",
    viewOrder: "Zobacz zamówienie",
    openYourLibrary: "Otwórz swoją bibliotekę",
    labelColon: ": ",
    versionN: "wersja {n}",
    refused: { exhausted: "Wykorzystano limit pobrań", expired: "Link wygasł", disabled: "Chwilowo niedostępny", revoked: "Już niedostępny" },
  },
}
