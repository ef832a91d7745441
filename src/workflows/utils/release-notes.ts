import { merchantHtml } from "./email-template"

/**
 * A release's notes (plain text the merchant wrote) as HTML, the way the
 * email bodies are rendered: blank lines make paragraphs, line breaks are
 * kept, everything is escaped and only http(s) URLs become links. Nothing the
 * buyer typed is ever part of it.
 */
export function releaseNotesHtml(notes: string | null | undefined): string | null {
  if (!notes?.trim()) return null
  return notes
    .replace(/\r\n?/g, "\n")
    .trim()
    .split(/\n{2,}/)
    .map((p) => `<p>${merchantHtml(p.trim())}</p>`)
    .join("")
}
