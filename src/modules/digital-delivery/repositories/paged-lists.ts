import type { Context } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { grantStatusCaseSql, grantStatusSql } from "../utils/grant-rules"
import {
  afterPositionSql,
  decodeCursor,
  emailSearchSql,
  encodeCursor,
  EXACT_COUNT_LIMIT,
  isWholeEmail,
  likeContaining,
  wholeEmailSearchSql,
  type AdminListPageInfo,
  type AdminListPageRequest,
} from "../utils/admin-list"
import { knexOf } from "../utils/sql"
import type { DigitalOrderFilters, DigitalOrderRow, GrantListFilters, GrantListRow } from "../types"

/** A grant's state, in the order a merchant reads it (utils/grant-rules). */
const STATUS_SQL = grantStatusSql("g")

/**
 * A grant looks shared: its counted downloads came from 5 or more addresses in
 * a row (each change of address counts), or it collected unusual refusals in
 * the last 7 days.
 */
const SUSPICIOUS_SQL = "(g.ip_changes >= 4 OR g.suspicious_at > now() - interval '7 days')"

const STATUS_CASE_SQL = grantStatusCaseSql("g")

const GRANT_LIST_COLUMNS = [
  "id",
  "order_id",
  "line_item_id",
  "asset_id",
  "customer_id",
  "email",
  "enabled",
  "revoked_at",
  "expires_at",
  "max_downloads",
  "downloads_used",
  "bytes_sent",
  "token_version",
  "delivered_at",
  "first_download_at",
  "last_download_at",
  "ip_changes",
  "created_at",
  "updated_at",
]

const SORTABLE: ReadonlySet<string> = new Set(["created_at", "updated_at", "expires_at", "downloads_used", "last_download_at", "delivered_at", "email"])
/**
 * Sort columns that are never null: sorted without NULLS LAST, so that
 * `ORDER BY created_at DESC, id DESC` is read backwards from the
 * (created_at, id) index instead of sorting the table.
 */
const NEVER_NULL: ReadonlySet<string> = new Set(["created_at", "updated_at", "downloads_used"])

/** What a grant list row holds: the grant, its asset's name, kind, size and current release, its state. */
const GRANT_SELECT = (knex: Knex) => [
  ...GRANT_LIST_COLUMNS.map((c) => `g.${c}`),
  "a.title as asset_title",
  "a.filename as asset_filename",
  "a.kind as asset_kind",
  "a.size as asset_size",
  "a.version as asset_version",
  // The current release's label: one look-up in the (asset_id, version) unique index per row.
  knex.raw(
    "(SELECT v.version_label FROM digital_asset_version v WHERE v.asset_id = a.id AND v.version = a.version AND v.deleted_at IS NULL LIMIT 1) as asset_version_label"
  ),
  knex.raw(`${STATUS_CASE_SQL} as status`),
  // false, never null (a grant never flagged has no suspicious_at, and null OR false is null): the Admin API says boolean
  knex.raw(`coalesce(${SUSPICIOUS_SQL}, false) as suspicious`),
]

/** numeric columns come back as text */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function numericColumns(rows: any[]): (GrantListRow & { cursor_value?: string | null })[] {
  for (const row of rows) {
    row.downloads_used = Number(row.downloads_used)
    row.bytes_sent = Number(row.bytes_sent)
  }
  return rows
}

/** The offset a FILE_ORDER cursor carries. */
function offsetOfCursor(cursor: string): number {
  const offset = Number(decodeCursor(cursor, FILE_ORDER).value)
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "cursor: not a cursor of this list and order")
  }
  return offset
}

/** Asset ids a grant search lists inline; more matching assets are read by a subquery. */
const MAX_LISTED_ASSETS = 1000

/**
 * The order a buyer and the merchant read an order's files in, everywhere
 * (order page, library, Store API, the Admin's grant table, the email, the
 * ZIP): newest order first (for a customer's lists), then the order's line
 * items (by id: Medusa's ids are time-ordered, so in the order the items were
 * created), then each line's files by name in natural order ("2 - …" before
 * "10 - …", the collation of Migration20261130183000, as
 * `Intl.Collator(undefined, { numeric: true })` sorts), then the grant's id.
 */
export const FILE_ORDER = "files"
const FILE_ORDER_SQL = [
  "o.placed_at DESC NULLS LAST",
  "g.order_id DESC",
  "g.line_item_id ASC",
  "a.filename COLLATE digital_delivery_natural ASC",
  "g.id ASC",
].join(", ")

function parseOrder(order: string | undefined): [string, "asc" | "desc"] {
  if (!order) return ["created_at", "desc"]
  if (order === FILE_ORDER) return [FILE_ORDER, "asc"]
  const desc = order.startsWith("-")
  const field = desc ? order.slice(1) : order
  return SORTABLE.has(field) ? [field, desc ? "desc" : "asc"] : ["created_at", "desc"]
}

/** A grant the order still holds: not revoked (a disabled one may be enabled again, its expiry and limit still apply). */
const LIVE = "g.revoked_at IS NULL"
/** The most used of the order's grants first: limited ones by the share of their limit, then unlimited ones by copies. */
const MOST_USED_FIRST = "g.max_downloads IS NULL, g.downloads_used / NULLIF(g.max_downloads, 0) DESC NULLS LAST, g.downloads_used DESC, g.id"

/**
 * What the Digital deliveries list says of an order's files, from the grants
 * it still holds (revoked ones left out), in the same pass over the order's
 * grants as the other sums (no other read):
 * - `expires_at`, "Next expiry": the earliest expiry still ahead; when every
 *   one has passed, the last one (it reads "Expired …"); null when a file
 *   never expires before the others do, or when every grant is revoked;
 * - `live_count`, and the most used file's usage and limit
 *   (`top_downloads_used` / `top_max_downloads`, "2 / 5"): a sum over files
 *   ("0 / 10") would read as one limit of 10.
 */
const ORDER_FACTS_SQL = `coalesce(
                    min(g.expires_at) FILTER (WHERE ${LIVE} AND g.expires_at > now()),
                    CASE WHEN bool_and(g.expires_at IS NOT NULL) FILTER (WHERE ${LIVE}) THEN max(g.expires_at) FILTER (WHERE ${LIVE}) END
                  ) AS expires_at,
                  count(*) FILTER (WHERE ${LIVE})::int AS live_count,
                  ((array_agg(g.downloads_used ORDER BY ${MOST_USED_FIRST}) FILTER (WHERE ${LIVE}))[1])::float8 AS top_downloads_used,
                  (array_agg(g.max_downloads ORDER BY ${MOST_USED_FIRST}) FILTER (WHERE ${LIVE}))[1] AS top_max_downloads`

/**
 * The paged lists read with knex's query builder: grants (the Admin's list,
 * and a customer's own grants on the Store API and the library page) and the
 * merchant's digital orders. How they stay fast at any size: utils/admin-list.
 */
export class PagedListSqlRepository {
  /**
   * The grant list (the Admin's, and a customer's own grants on the Store
   * API and the library page): filters on the grant columns and on the computed
   * status, free-text search, whitelisted sorting (`order`, default
   * `-created_at`). Returns the page, the total and the page info (the total's
   * exactness and the next page's cursor): pages are read by keyset, the total
   * is exact up to EXACT_COUNT_LIMIT (utils/admin-list).
   */
  async listGrants(
    filters: GrantListFilters,
    page: AdminListPageRequest & { order?: string },
    sharedContext: Context
  ): Promise<[GrantListRow[], number, AdminListPageInfo]> {
    const knex = knexOf(sharedContext)
    const filtered = knex("download_grant as g")
      .join("digital_asset as a", "a.id", "g.asset_id")
      .whereNull("g.deleted_at")
    for (const key of ["id", "order_id", "customer_id", "asset_id", "line_item_id"] as const) {
      const value = filters[key]
      if (value) {
        if (Array.isArray(value)) {
          filtered.whereIn(`g.${key}`, value)
        } else {
          filtered.where(`g.${key}`, value)
        }
      }
    }
    if (filters.email) {
      filtered.where("g.email", filters.email.trim().toLowerCase())
    }
    if (filters.status?.length) {
      filtered.where((qb) => {
        for (const status of filters.status!) {
          qb.orWhereRaw(STATUS_SQL[status])
        }
      })
    }
    if (filters.q && isWholeEmail(filters.q.trim())) {
      // Looks like a whole address, but may be one being typed ("guest@example.c").
      const email = wholeEmailSearchSql("g.email", filters.q.trim())
      filtered.whereRaw(email.sql, email.bindings)
    } else if (filters.q) {
      // Part of an email, an order or grant id, or part of the asset's file
      // name or title. Every branch is a condition on the grant's own columns,
      // so PostgreSQL can OR their indexes (trigram index on email, see
      // utils/admin-list) into one bitmap: assets are few and looked up first,
      // their matches become a list of asset ids.
      const q = filters.q.trim()
      const like = likeContaining(q)
      const assetMatch = (qb: Knex.QueryBuilder) => qb.whereILike("filename", like).orWhereILike("title", like)
      const assetIds: string[] = await knex("digital_asset").where(assetMatch).limit(MAX_LISTED_ASSETS + 1).pluck("id")
      const email = emailSearchSql("g.email", q)
      filtered.where((qb) => {
        qb.whereRaw(email.sql, email.bindings).orWhere("g.order_id", q).orWhere("g.id", q)
        if (assetIds.length > MAX_LISTED_ASSETS) {
          qb.orWhereIn("g.asset_id", knex("digital_asset").select("id").where(assetMatch))
        } else if (assetIds.length) {
          qb.orWhereIn("g.asset_id", assetIds)
        }
      })
    }
    const [field, direction] = parseOrder(page.order)
    if (field === FILE_ORDER) return await this.listGrantsInFileOrder(knex, filtered, page)
    const orderName = `${direction === "desc" ? "-" : ""}${field}`
    const nullable = !NEVER_NULL.has(field)
    const query = filtered
      .clone()
      .select([...GRANT_SELECT(knex), knex.raw(`g.${field}::text as cursor_value`)])
      .orderBy([{ column: `g.${field}`, order: direction, ...(nullable ? { nulls: "last" as const } : {}) }, { column: "g.id", order: direction }])
    if (page.cursor) {
      const after = afterPositionSql(`g.${field}`, "g.id", direction, decodeCursor(page.cursor, orderName), nullable)
      query.whereRaw(after.sql, after.bindings)
    } else if (page.offset) {
      query.offset(page.offset)
    }
    const rows = numericColumns(await query.limit(page.limit + 1))
    return this.adminListPage<GrantListRow>(knex, rows, page, filtered, (row) =>
      encodeCursor(orderName, { value: row.cursor_value ?? null, id: row.id })
    )
  }

  /**
   * The grants in FILE_ORDER. The lists read this way are an order's files or
   * a customer's (hundreds at most), so a page is read by offset; its cursor
   * carries the next page's offset (a keyset over five columns, two of them
   * joined, would buy nothing at these sizes).
   */
  private async listGrantsInFileOrder(
    knex: Knex,
    filtered: Knex.QueryBuilder,
    page: AdminListPageRequest
  ): Promise<[GrantListRow[], number, AdminListPageInfo]> {
    const offset = page.cursor ? offsetOfCursor(page.cursor) : page.offset ?? 0
    const rows = numericColumns(
      await filtered
        .clone()
        .leftJoin("digital_order as o", (on) => on.on("o.order_id", "g.order_id").andOnNull("o.deleted_at"))
        .select([...GRANT_SELECT(knex), knex.raw("NULL as cursor_value")])
        .orderByRaw(FILE_ORDER_SQL)
        .offset(offset)
        .limit(page.limit + 1)
    )
    return this.adminListPage<GrantListRow>(knex, rows, { ...page, offset }, filtered, () =>
      encodeCursor(FILE_ORDER, { value: String(offset + page.limit), id: "" })
    )
  }

  /**
   * The merchant's "Digital deliveries" list: one row per order with digital
   * goods, newest first, with its grants summed up. Status filters keep orders
   * having at least one grant in that state; `awaiting_payment` keeps orders
   * not delivered yet; `suspicious` keeps orders with a grant that looks shared
   * (SUSPICIOUS_SQL). Paged like the grant list (keyset on placed_at, order_id).
   */
  async listDigitalOrders(
    filters: DigitalOrderFilters,
    page: AdminListPageRequest,
    sharedContext: Context
  ): Promise<[DigitalOrderRow[], number, AdminListPageInfo]> {
    const knex = knexOf(sharedContext)
    const filtered = knex("digital_order as o").whereNull("o.deleted_at")
    if (filters.order_id) filtered.where("o.order_id", filters.order_id)
    if (filters.customer_id) filtered.where("o.customer_id", filters.customer_id)
    if (filters.q) {
      const q = filters.q.trim()
      const number = /^#?(\d{1,9})$/.exec(q)
      if (isWholeEmail(q)) {
        // Looks like a whole address, but may be one being typed ("guest@example.c").
        const email = wholeEmailSearchSql("o.email", q)
        filtered.whereRaw(email.sql, email.bindings)
      } else if (number) {
        filtered.where("o.display_id", Number(number[1]))
      } else {
        // Part of an email (the trigram index where installed, see utils/admin-list) or an order id.
        const email = emailSearchSql("o.email", q)
        filtered.where((qb) => qb.whereRaw(email.sql, email.bindings).orWhere("o.order_id", q))
      }
    }
    for (const status of filters.status ?? []) {
      if (status === "awaiting_payment") {
        filtered.whereNull("o.delivered_at").whereNull("o.canceled_at")
      } else if (status === "suspicious") {
        // Few grants look shared: their orders are read once from the grants'
        // small partial index, then only those orders are fetched and sorted,
        // wherever they sit in the list (a walk from the newest order probing
        // each one's grants went through 150,000 orders at 1M grants).
        filtered.whereRaw(`o.order_id = ANY (ARRAY(SELECT g.order_id FROM download_grant g WHERE g.deleted_at IS NULL AND ${SUSPICIOUS_SQL}))`)
      } else {
        // Walked from the newest order, each probed through its grants (index on order_id).
        filtered.whereRaw(`EXISTS (SELECT 1 FROM download_grant g WHERE g.order_id = o.order_id AND g.deleted_at IS NULL AND ${STATUS_SQL[status]})`)
      }
    }
    const query = filtered
      .clone()
      .select(
        "o.order_id",
        "o.display_id",
        "o.email",
        "o.customer_id",
        "o.payment_status",
        "o.placed_at",
        "o.delivered_at",
        "o.canceled_at",
        "o.link_version",
        knex.raw("o.placed_at::text as cursor_value"),
        knex.raw(`agg.*`)
      )
      .joinRaw(
        `LEFT JOIN LATERAL (
           SELECT count(*)::int AS grant_count,
                  coalesce(sum(g.downloads_used), 0)::float8 AS downloads_used,
                  CASE WHEN bool_or(g.max_downloads IS NULL) THEN NULL ELSE sum(g.max_downloads)::int END AS max_downloads,
                  ${ORDER_FACTS_SQL},
                  max(g.last_download_at) AS last_download_at,
                  coalesce(bool_or(${SUSPICIOUS_SQL}), false) AS suspicious,
                  ${(["active", "disabled", "expired", "exhausted", "revoked"] as const)
                    .map((st) => `count(*) FILTER (WHERE ${STATUS_SQL[st]})::int AS ${st}_count`)
                    .join(",\n                  ")}
             FROM download_grant g WHERE g.order_id = o.order_id AND g.deleted_at IS NULL
         ) agg ON true`
      )
      .orderBy([{ column: "o.placed_at", order: "desc" }, { column: "o.order_id", order: "desc" }])
    if (page.cursor) {
      const after = afterPositionSql("o.placed_at", "o.order_id", "desc", decodeCursor(page.cursor, "-placed_at"), false)
      query.whereRaw(after.sql, after.bindings)
    } else if (page.offset) {
      query.offset(page.offset)
    }
    const rows = await query.limit(page.limit + 1)
    return this.adminListPage<DigitalOrderRow>(knex, rows, page, filtered, (row) =>
      encodeCursor("-placed_at", { value: row.cursor_value ?? null, id: row.order_id })
    )
  }

  /**
   * Finishes a page read with `limit + 1` rows: the extra row only says there
   * is a next page. The total: the page's own length when the first page holds
   * everything; else counted up to EXACT_COUNT_LIMIT, and estimated above it.
   */
  private async adminListPage<Row>(
    knex: Knex,
    rows: (Row & { cursor_value?: string | null })[],
    page: AdminListPageRequest,
    filtered: Knex.QueryBuilder,
    cursorOf: (row: Row & { cursor_value?: string | null }) => string
  ): Promise<[Row[], number, AdminListPageInfo]> {
    const hasMore = rows.length > page.limit
    const shown = rows.slice(0, page.limit)
    const next_cursor = hasMore ? cursorOf(shown[shown.length - 1]) : null
    for (const row of shown) delete row.cursor_value
    const total =
      !hasMore && !page.cursor && !page.offset ? { count: shown.length, count_exact: true } : await this.countUpTo(knex, filtered)
    return [shown, total.count, { ...total, next_cursor }]
  }

  /**
   * How many rows a list's filters keep: counted while at most
   * EXACT_COUNT_LIMIT (the count stops one row later), else PostgreSQL's
   * estimate for the filtered set (EXPLAIN's row estimate), flagged as such.
   */
  private async countUpTo(knex: Knex, filtered: Knex.QueryBuilder): Promise<{ count: number; count_exact: boolean }> {
    const rowsOnly = () => filtered.clone().clearSelect().clearOrder().select(knex.raw("1"))
    const [{ count }] = await knex.count<{ count: string }[]>({ count: "*" }).from(rowsOnly().limit(EXACT_COUNT_LIMIT + 1).as("capped"))
    if (Number(count) <= EXACT_COUNT_LIMIT) {
      return { count: Number(count), count_exact: true }
    }
    const { sql, bindings } = rowsOnly().toSQL()
    const explained = await knex.raw(`EXPLAIN (FORMAT JSON) ${sql}`, bindings as Knex.RawBinding[])
    const estimate = Math.round(Number(explained.rows[0]["QUERY PLAN"][0].Plan["Plan Rows"]))
    return { count: Math.max(estimate, EXACT_COUNT_LIMIT + 1), count_exact: false }
  }
}
