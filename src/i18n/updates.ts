import type { EmailTemplate } from "./emails"
import type { Locale } from "./locale"

/**
 * The update email (a new release, sent to past buyers) a store sends until
 * the merchant writes its own, and the words of its placeholders and of the
 * hosted unsubscribe page.
 */
export const DEFAULT_UPDATE_TEMPLATES: Record<Locale, EmailTemplate> = {
  en: {
    subject: "{ProductName}: {Version} is available",
    body: [
      "Hello {ClientName},",
      "A new release of {ProductName} is out: {Version}. It is yours to download with the files you bought at {StoreName}.",
      "{ReleaseNotes}",
      "{DLFILES}",
      "Thank you,\n{StoreName}",
      "You receive this email because you bought {ProductName}. Unsubscribe from update emails: {UnsubscribeURL}",
    ].join("\n\n"),
  },
  fr: {
    subject: "{ProductName} : {Version} est disponible",
    body: [
      "Bonjour {ClientName},",
      "Une nouvelle version de {ProductName} est sortie : {Version}. Vous pouvez la télécharger avec les fichiers achetés chez {StoreName}.",
      "{ReleaseNotes}",
      "{DLFILES}",
      "Merci,\n{StoreName}",
      "Vous recevez cet email parce que vous avez acheté {ProductName}. Ne plus recevoir les emails de mise à jour : {UnsubscribeURL}",
    ].join("\n\n"),
  },
  pl: {
    subject: "{ProductName}: dostępna jest {Version}",
    body: [
      "Dzień dobry {ClientName},",
      "Ukazała się nowa wersja {ProductName}: {Version}. Możesz ją pobrać razem z plikami kupionymi w sklepie {StoreName}.",
      "{ReleaseNotes}",
      "{DLFILES}",
      "Dziękujemy,\n{StoreName}",
      "Otrzymujesz tę wiadomość, ponieważ kupiłeś(-aś) {ProductName}. Rezygnacja z powiadomień o aktualizacjach: {UnsubscribeURL}",
    ].join("\n\n"),
  },
}

export type UpdateWords = {
  /** {Version} when the release has no label: "{n}" is its number. */
  versionN: string
  /** {UnsubscribeURL} as a link in HTML. */
  unsubscribe: string
  /** The hosted unsubscribe page. */
  page: {
    title: string
    question: string
    confirm: string
    done: string
    doneDetail: string
    invalid: string
  }
}

export const UPDATE_WORDS: Record<Locale, UpdateWords> = {
  en: {
    versionN: "version {n}",
    unsubscribe: "Unsubscribe",
    page: {
      title: "Update emails",
      question: "Stop emails about new releases of the products you bought at {store}, sent to {email}?",
      confirm: "Unsubscribe",
      done: "You are unsubscribed",
      doneDetail: "{email} will get no more update emails from {store}. Emails about your orders and their download links still arrive.",
      invalid: "This unsubscribe link is not valid.",
    },
  },
  fr: {
    versionN: "version {n}",
    unsubscribe: "Se désabonner",
    page: {
      title: "Emails de mise à jour",
      question: "Ne plus recevoir à {email} les emails sur les nouvelles versions des produits achetés chez {store} ?",
      confirm: "Se désabonner",
      done: "Vous êtes désabonné(e)",
      doneDetail: "{email} ne recevra plus d’emails de mise à jour de {store}. Les emails de vos commandes et leurs liens de téléchargement arrivent toujours.",
      invalid: "Ce lien de désabonnement n’est pas valide.",
    },
  },
  pl: {
    versionN: "wersja {n}",
    unsubscribe: "Wypisz się",
    page: {
      title: "Powiadomienia o aktualizacjach",
      question: "Czy wyłączyć wysyłanie na {email} wiadomości o nowych wersjach produktów kupionych w sklepie {store}?",
      confirm: "Wypisz się",
      done: "Wypisano Cię",
      doneDetail: "Na adres {email} nie będą już wysyłane powiadomienia o aktualizacjach ze sklepu {store}. Wiadomości o zamówieniach i linki do pobrania nadal będą przychodzić.",
      invalid: "Ten link do wypisania się jest nieprawidłowy.",
    },
  },
}
