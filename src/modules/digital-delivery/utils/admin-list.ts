import { MedusaError } from "@medusajs/framework/utils"

/**
 * How the admin lists stay fast at any size (issue 13: 1M grants, 10M events).
 *
 * - A page is read by keyset: it starts after the previous page's last row
 *   (its sort value and id, carried by an opaque cursor), so every page walks
 *   an index from where the last one stopped and reads `limit + 1` rows; nothing
 *   is sorted or skipped. `offset` still works (it reads and drops the rows
 *   before it) for API clients that want it.
 * - The total is counted exactly only while it is small: the count stops after
 *   EXACT_COUNT_LIMIT + 1 rows. Above that the list reports PostgreSQL's
 *   estimate of the filtered set (the planner's row estimate, from the
 *   statistics autovacuum keeps), never less than EXACT_COUNT_LIMIT + 1, and
 *   flags it (`count_exact: false`): "about 53,000".
 * - Search (`q`): what looks like a whole email address (name@domain.tld) is
 *   the address or the start of one being typed ("guest@example.c", issue 15:
 *   an exact lookup found nothing until the address was complete, and the list
 *   flickered to empty while the merchant typed): equality on the email's btree
 *   index ORed with the fragment search below, which PostgreSQL answers as a
 *   BitmapOr of both indexes. Anything else is matched as part of an email
 *   (`email ILIKE '%q%'`, ORed with exact ids), which a trigram GIN index
 *   (pg_trgm, Migration20261130123000; created only where the extension could
 *   be installed) answers without reading the table. Trigrams are made from
 *   runs of letters and digits, so a fragment without 3 of them in a row
 *   ("b4", "r@ex") selects almost every entry of the index: such a fragment
 *   is matched by reading the list as before (see `emailSearchSql`).
 */
export const EXACT_COUNT_LIMIT = 1000

/** A whole email address (name@domain.tld, no spaces): searched by equality, not as a fragment. */
export function isWholeEmail(q: string): boolean {
  return /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(q)
}

/** An ILIKE pattern for text containing `text` (its %, _ and backslashes taken literally). */
export function likeContaining(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => "\\" + c)}%`
}

/**
 * "`column` contains `fragment`" (case-insensitive), as SQL with one binding.
 * With 3 letters or digits in a row the fragment has trigrams that narrow the
 * trigram index down; without, the index would return nearly every row to
 * recheck (slower than reading the list), so the condition is written in a
 * form the index does not match (the same result: '' contains no fragment).
 */
export function emailSearchSql(column: string, fragment: string): { sql: string; bindings: string[] } {
  const indexed = /[\p{L}\p{N}]{3}/u.test(fragment)
  return { sql: indexed ? `${column} ILIKE ?` : `coalesce(${column}, '') ILIKE ?`, bindings: [likeContaining(fragment)] }
}

/**
 * What looks like a whole address: the address itself (btree index) or an
 * address containing it ("guest@example.c" finds guest@example.com, through the
 * trigram index). Emails are stored lower-case.
 */
export function wholeEmailSearchSql(column: string, q: string): { sql: string; bindings: string[] } {
  const fragment = emailSearchSql(column, q)
  return { sql: `(${column} = ? OR ${fragment.sql})`, bindings: [q.toLowerCase(), ...fragment.bindings] }
}

/** Which page of a list to read: `limit` rows after `cursor` (or, for API clients that want it, after `offset` rows). */
export type AdminListPageRequest = { limit: number; offset?: number; cursor?: string }

/** What a page says beside its rows. */
export type AdminListPageInfo = {
  /** exact when `count_exact`, else an estimate above EXACT_COUNT_LIMIT */
  count: number
  count_exact: boolean
  /** pass as `cursor` for the next page; null on the last page */
  next_cursor: string | null
}

/** A page of a list: its rows, the total (exact while small) and what the page says beside its rows. */
export type AdminListPage<Row> = [Row[], number, AdminListPageInfo]

/** Where a page starts: after the row whose sort value (as PostgreSQL's text) and id are these. */
export type KeysetPosition = { value: string | null; id: string }

/**
 * A cursor names the order it was made for, so a cursor of one order is not
 * read as a position in another. It is not a secret: base64url of JSON.
 */
export function encodeCursor(order: string, position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([order, position.value, position.id])).toString("base64url")
}

export function decodeCursor(cursor: string, order: string): KeysetPosition {
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"))
  } catch {
    parsed = null
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    parsed[0] !== order ||
    (parsed[1] !== null && typeof parsed[1] !== "string") ||
    typeof parsed[2] !== "string"
  ) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "cursor: not a cursor of this list and order (pass the next_cursor of the previous page)")
  }
  return { value: parsed[1], id: parsed[2] }
}

/**
 * The SQL condition "comes after `position`" for `ORDER BY column dir, id dir`
 * (nulls last, as the lists sort). A column that is never null uses a row
 * comparison, which PostgreSQL reads from a (column, id) index as one range.
 * Values are bound as text: PostgreSQL reads them as the column's type.
 */
export function afterPositionSql(
  column: string,
  idColumn: string,
  direction: "asc" | "desc",
  position: KeysetPosition,
  nullable: boolean
): { sql: string; bindings: string[] } {
  const op = direction === "desc" ? "<" : ">"
  if (!nullable) {
    if (position.value === null) throw new MedusaError(MedusaError.Types.INVALID_DATA, "cursor: not a cursor of this list and order")
    return { sql: `(${column}, ${idColumn}) ${op} (?, ?)`, bindings: [position.value, position.id] }
  }
  if (position.value === null) {
    return { sql: `(${column} IS NULL AND ${idColumn} ${op} ?)`, bindings: [position.id] }
  }
  return {
    sql: `(${column} ${op} ? OR (${column} = ? AND ${idColumn} ${op} ?) OR ${column} IS NULL)`,
    bindings: [position.value, position.value, position.id],
  }
}
