import type { Locale } from "./locale"

/** What the buyer reads about license keys: in the delivery email ({LICENSEKEYS}), the late-keys email and the hosted pages. */
export type LicenseWords = {
  /** The heading of the list of keys. */
  licenseKeys: string
  /** Said instead of a key the pool could not supply yet. */
  pending: string
  /** "#2" after a product bought more than once ({n}). */
  unitN: string
  /** The email with keys issued after delivery ({OrderID}, {StoreName}, {ClientName} in the texts). */
  lateSubject: string
  lateGreeting: string
  lateIntro: string
  lateThanks: string
}

export const LICENSE_WORDS: Record<Locale, LicenseWords> = {
  en: {
    licenseKeys: "License keys",
    pending: "On its way: we will email it to you as soon as it is ready",
    unitN: "#{n}",
    lateSubject: "Your license keys for order {OrderID}",
    lateGreeting: "Hello {ClientName},",
    lateIntro: "The license keys that were not ready when your order {OrderID} was delivered are here:",
    lateThanks: "Thank you,\n{StoreName}",
  },
  fr: {
    licenseKeys: "Clés de licence",
    pending: "En préparation : nous vous l’enverrons par e-mail dès qu’elle sera prête",
    unitN: "n° {n}",
    lateSubject: "Vos clés de licence pour la commande {OrderID}",
    lateGreeting: "Bonjour {ClientName},",
    lateIntro: "Voici les clés de licence qui n’étaient pas encore prêtes lors de la livraison de votre commande {OrderID} :",
    lateThanks: "Merci,\n{StoreName}",
  },
  pl: {
    licenseKeys: "Klucze licencyjne",
    pending: "W przygotowaniu: wyślemy go e-mailem, gdy tylko będzie gotowy",
    unitN: "nr {n}",
    lateSubject: "Twoje klucze licencyjne do zamówienia {OrderID}",
    lateGreeting: "Dzień dobry {ClientName},",
    lateIntro: "Oto klucze licencyjne, które nie były jeszcze gotowe, gdy dostarczyliśmy zamówienie {OrderID}:",
    lateThanks: "Dziękujemy,\n{StoreName}",
  },
}
