import type { DenialCode } from "../api/utils/denial"
import type { Locale } from "./locale"

/**
 * What a buyer reads when a download or a hosted form is refused: the page's
 * title, what happened (`message`) and what the buyer can do (`action`);
 * "{store}" is the store's name. The JSON `message` is both sentences. A new
 * DenialCode needs its words here in every locale (the type says which are
 * missing). No refusal but "not available yet" words may suggest a payment
 * problem: a merchant's "disabled" is not one.
 */
export type DenialWords = { title: string; message: string; action: string }
export type DenialMessages = Record<DenialCode, DenialWords>

export const DENIAL_MESSAGES: Record<Locale, DenialMessages> = {
  en: {
    not_found: { title: "Link not valid", message: "This download link is not valid: it may be incomplete, or it was replaced by a newer one.", action: "Open the link from your latest email again, copying it whole, or ask {store} for a new one." },
    release_not_found: { title: "Version not available", message: "This version of the file is not available: it does not exist, or {store} no longer offers earlier versions.", action: "Download the current version from your order page or your files." },
    disabled: { title: "Download turned off", message: "{store} has turned off this download for now.", action: "Contact {store} if you need this file." },
    expired: { title: "Link expired", message: "The time to download this file has ended.", action: "{store} can extend it: contact them if you still need the file." },
    revoked: { title: "Download withdrawn", message: "{store} has withdrawn this download for this order, for example after a refund or a cancellation.", action: "Contact {store} if you think this is a mistake." },
    limit_reached: { title: "Download limit reached", message: "All the downloads of this file have been used: the full number of copies allowed has been sent (an interrupted download uses only the part that was received).", action: "{store} can reset your downloads if you need the file again." },
    range_not_satisfiable: { title: "Range not satisfiable", message: "The requested part of the file does not exist.", action: "Start the download again from the beginning." },
    precondition_failed: { title: "File changed", message: "The file has changed since your download started.", action: "Start the download again: you will get the new version." },
    storage_unavailable: { title: "File temporarily unavailable", message: "The file cannot be delivered right now. Nothing was counted.", action: "Try again in a few minutes; if it keeps failing, contact {store}." },
    unstampable: { title: "File not available yet", message: "This PDF is delivered with your name on its pages, and your copy could not be prepared. Nothing was counted.", action: "{store} has been told; contact {store} if you need the file soon." },
    too_many_requests: { title: "Too many requests", message: "Too many requests came from your connection or for this link.", action: "Wait a minute and try again." },
    cross_site_request: { title: "Request refused", message: "This form was sent from another website, so it was refused to protect your account. Nothing was changed.", action: "Open the page on the store's own site and try again." },
  },
  fr: {
    not_found: { title: "Lien non valide", message: "Ce lien de téléchargement n'est pas valide : il est peut-être incomplet, ou il a été remplacé par un plus récent.", action: "Rouvrez le lien de votre dernier e-mail en le copiant en entier, ou demandez-en un nouveau à {store}." },
    release_not_found: { title: "Version non disponible", message: "Cette version du fichier n'est pas disponible : elle n'existe pas, ou {store} ne propose plus les versions précédentes.", action: "Téléchargez la version actuelle depuis la page de votre commande ou vos fichiers." },
    disabled: { title: "Téléchargement désactivé", message: "{store} a désactivé ce téléchargement pour le moment.", action: "Contactez {store} si vous avez besoin de ce fichier." },
    expired: { title: "Lien expiré", message: "Le délai pour télécharger ce fichier est écoulé.", action: "{store} peut le prolonger : contactez la boutique si vous avez encore besoin du fichier." },
    revoked: { title: "Téléchargement retiré", message: "{store} a retiré ce téléchargement pour cette commande, par exemple après un remboursement ou une annulation.", action: "Contactez {store} si vous pensez qu'il s'agit d'une erreur." },
    limit_reached: { title: "Limite de téléchargements atteinte", message: "Tous les téléchargements de ce fichier ont été utilisés : le nombre de copies autorisé a été envoyé (un téléchargement interrompu ne compte que la partie reçue).", action: "{store} peut réinitialiser vos téléchargements si vous avez de nouveau besoin du fichier." },
    range_not_satisfiable: { title: "Plage non disponible", message: "La partie demandée du fichier n'existe pas.", action: "Recommencez le téléchargement depuis le début." },
    precondition_failed: { title: "Fichier modifié", message: "Le fichier a changé depuis le début de votre téléchargement.", action: "Recommencez le téléchargement : vous recevrez la nouvelle version." },
    storage_unavailable: { title: "Fichier momentanément indisponible", message: "Le fichier ne peut pas être livré pour le moment. Rien n'a été décompté.", action: "Réessayez dans quelques minutes ; si le problème persiste, contactez {store}." },
    unstampable: { title: "Fichier pas encore disponible", message: "Ce PDF est livré avec votre nom sur ses pages, et votre copie n'a pas pu être préparée. Rien n'a été décompté.", action: "{store} a été prévenu ; contactez {store} si vous avez besoin du fichier rapidement." },
    too_many_requests: { title: "Trop de requêtes", message: "Trop de requêtes sont arrivées depuis votre connexion ou pour ce lien.", action: "Patientez une minute puis réessayez." },
    cross_site_request: { title: "Requête refusée", message: "Ce formulaire a été envoyé depuis un autre site ; il a été refusé pour protéger votre compte. Rien n'a été modifié.", action: "Ouvrez la page sur le site de la boutique et réessayez." },
  },
  pl: {
    not_found: { title: "Link nieprawidłowy", message: "Ten link do pobrania jest nieprawidłowy: może być niepełny albo zastąpiono go nowszym.", action: "Otwórz ponownie link z najnowszego e-maila, kopiując go w całości, lub poproś sklep {store} o nowy." },
    release_not_found: { title: "Wersja niedostępna", message: "Ta wersja pliku jest niedostępna: nie istnieje albo sklep {store} nie udostępnia już wcześniejszych wersji.", action: "Pobierz aktualną wersję ze strony zamówienia lub ze swoich plików." },
    disabled: { title: "Pobieranie wyłączone", message: "Sklep {store} wyłączył na razie to pobieranie.", action: "Skontaktuj się ze sklepem {store}, jeśli potrzebujesz tego pliku." },
    expired: { title: "Link wygasł", message: "Czas na pobranie tego pliku minął.", action: "Sklep {store} może go przedłużyć: skontaktuj się z nim, jeśli nadal potrzebujesz pliku." },
    revoked: { title: "Pobieranie wycofane", message: "Sklep {store} wycofał to pobieranie dla tego zamówienia, na przykład po zwrocie pieniędzy lub anulowaniu.", action: "Skontaktuj się ze sklepem {store}, jeśli uważasz, że to pomyłka." },
    limit_reached: { title: "Limit pobrań wyczerpany", message: "Wykorzystano wszystkie pobrania tego pliku: wysłano dozwoloną liczbę kopii (przerwane pobieranie liczy się tylko w części, która dotarła).", action: "Sklep {store} może wyzerować Twoje pobrania, jeśli potrzebujesz pliku ponownie." },
    range_not_satisfiable: { title: "Nieprawidłowy zakres", message: "Żądana część pliku nie istnieje.", action: "Rozpocznij pobieranie od początku." },
    precondition_failed: { title: "Plik się zmienił", message: "Plik zmienił się od rozpoczęcia pobierania.", action: "Rozpocznij pobieranie ponownie: otrzymasz nową wersję." },
    storage_unavailable: { title: "Plik chwilowo niedostępny", message: "Nie można teraz dostarczyć pliku. Nic nie zostało policzone.", action: "Spróbuj ponownie za kilka minut; jeśli problem się powtarza, skontaktuj się ze sklepem {store}." },
    unstampable: { title: "Plik jeszcze niedostępny", message: "Ten PDF jest dostarczany z Twoim imieniem i nazwiskiem na stronach, a Twojej kopii nie udało się przygotować. Nic nie zostało policzone.", action: "Sklep {store} został powiadomiony; skontaktuj się ze sklepem {store}, jeśli potrzebujesz pliku wkrótce." },
    too_many_requests: { title: "Zbyt wiele żądań", message: "Z Twojego połączenia lub dla tego linku przyszło zbyt wiele żądań.", action: "Odczekaj minutę i spróbuj ponownie." },
    cross_site_request: { title: "Żądanie odrzucone", message: "Ten formularz został wysłany z innej witryny, więc odrzucono go, aby chronić Twoje konto. Nic nie zostało zmienione.", action: "Otwórz stronę w witrynie sklepu i spróbuj ponownie." },
  },
}

/** The words of one refusal with the store's name in them. */
export function denialWords(locale: Locale, code: DenialCode, store: string): DenialWords {
  const words = DENIAL_MESSAGES[locale][code]
  const fill = (text: string) => text.replaceAll("{store}", () => store)
  return { title: fill(words.title), message: fill(words.message), action: fill(words.action) }
}
