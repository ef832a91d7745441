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

/** The words the email's placeholders are rendered with ({MaxDownloads}, {ExpiryDate}, {DLFILES}; its counted words are in counts.ts). */
export const EMAIL_WORDS: Record<Locale, Record<"unlimited" | "never" | "download" | "openLibrary", string>> = {
  en: { unlimited: "unlimited", never: "never", download: "Download", openLibrary: "Log in to download" },
  fr: { unlimited: "illimités", never: "jamais", download: "Télécharger", openLibrary: "Connectez-vous pour télécharger" },
  pl: { unlimited: "bez limitu", never: "nigdy", download: "Pobierz", openLibrary: "Zaloguj się, aby pobrać" },
}
