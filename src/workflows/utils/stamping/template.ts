import type { StampFacts } from "./stamp-pdf"

/** The line stamped on every page when the asset has no template of its own. */
export const DEFAULT_STAMP_TEMPLATE = "Licensed to {ClientName} ({Email}) · order {OrderID} · {Date}"

export const STAMP_PLACEHOLDERS = ["{ClientName}", "{Email}", "{OrderID}", "{Date}"] as const

/** The template with the buyer's facts in place of its placeholders (unknown braces are left as they are). */
export function renderStampLine(template: string | null | undefined, facts: StampFacts): string {
  const values: Record<string, string> = {
    "{ClientName}": facts.client_name,
    "{Email}": facts.email,
    "{OrderID}": facts.order_id,
    "{Date}": facts.date,
  }
  const text = (template?.trim() || DEFAULT_STAMP_TEMPLATE).replace(/\{(ClientName|Email|OrderID|Date)\}/g, (p) => values[p])
  // One line: control characters become spaces (a name with a newline must not break the layout).
  const printable = [...text].map((ch) => (/\p{Cc}/u.test(ch) ? " " : ch)).join("")
  return printable.replace(/\s+/g, " ").trim()
}

/** Letters NFKD does not take apart, spelled the way their languages transliterate them. */
const SPELLED: Record<string, string> = {
  Ł: "L", ł: "l", Đ: "D", đ: "d", Ø: "O", ø: "o", Æ: "AE", æ: "ae", Œ: "OE", œ: "oe", ß: "ss", Þ: "Th", þ: "th",
  Ð: "D", ð: "d", ı: "i", Ħ: "H", ħ: "h", "–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...",
}

/** Characters of WinAnsiEncoding above ASCII that the standard fonts draw (Latin-1's letters, ·, €…). */
const WIN_ANSI_EXTRA = new Set(
  "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ ¡¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ"
)

function drawable(ch: string): boolean {
  const code = ch.codePointAt(0)!
  return (code >= 0x20 && code < 0x7f) || WIN_ANSI_EXTRA.has(ch)
}

/**
 * The line in what the standard PDF fonts can draw (WinAnsi): a character
 * they have is kept ("Zoë", "Müller", "·"); one they lack is transliterated
 * ("Łukasz Żółć" → "Lukasz Zolc"), and anything else (Cyrillic, CJK…) becomes
 * "?". Why not embed a Unicode font: it would add its glyphs to every
 * stamped copy and a font file to the package; the metadata keeps the exact
 * Unicode facts, and the line stays extractable text.
 */
export function toStandardFontText(text: string): string {
  let out = ""
  for (const ch of text) {
    if (drawable(ch)) out += ch
    else if (SPELLED[ch]) out += SPELLED[ch]
    else {
      const stripped = ch.normalize("NFKD").replace(/\p{M}/gu, "")
      out += [...stripped].every(drawable) && stripped ? stripped : "?"
    }
  }
  return out
}
