import type { DenialCode } from "../api/utils/denial"
import type { Locale } from "./locale"

/**
 * What a buyer reads when a download or a hosted form is refused (the HTML
 * page's title and text, and the JSON `message`). A new DenialCode needs its
 * title and message here in every locale (the type says which are missing).
 */
export type DenialMessages = Record<DenialCode, { title: string; message: string }>

export const DENIAL_MESSAGES: Record<Locale, DenialMessages> = {
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
