import type { Context } from "@medusajs/framework/types"
import { decodeCursor, encodeCursor } from "../utils/admin-list"
import { runSql } from "../utils/sql"
import type { GrantTimelineEntry } from "../types"

/** The order a timeline cursor is made for (a cursor of another list is refused). */
const TIMELINE_ORDER = "grant-timeline:-created_at"

type TimelineRow = Omit<GrantTimelineEntry, "created_at"> & { created_at: Date; position: string }

/**
 * A grant's history: its download attempts (download_event) and the actions
 * taken on it (grant_activity) as one list, newest first, in keyset pages
 * (created_at, id). Each side reads at most one page from its
 * (grant_id, created_at) index before the two are merged.
 */
export class GrantActivitySqlRepository {
  async timeline(
    grantId: string,
    page: { limit: number; cursor?: string },
    sharedContext: Context
  ): Promise<{ entries: GrantTimelineEntry[]; next_cursor: string | null }> {
    const after = page.cursor ? decodeCursor(page.cursor, TIMELINE_ORDER) : null
    const where = (alias: string) =>
      after ? `AND (${alias}.created_at, ${alias}.id) < (CAST(? AS timestamptz), ?)` : ""
    const afterBindings = after ? [after.value, after.id] : []
    const limit = page.limit + 1
    const rows = await runSql<TimelineRow>(
      sharedContext,
      `SELECT * FROM (
         (SELECT 'download' AS kind, e.id, e.created_at, e.created_at::text AS position,
                 e.outcome, e.counted, e.bytes_sent, e.range, e.status, e.ip, e.user_agent,
                 NULL AS action, NULL AS actor_type, NULL AS actor_id, NULL AS actor_email, NULL::jsonb AS change, NULL::jsonb AS details
            FROM download_event e
           WHERE e.grant_id = ? AND e.deleted_at IS NULL ${where("e")}
           ORDER BY e.created_at DESC, e.id DESC LIMIT ?)
         UNION ALL
         (SELECT 'activity' AS kind, a.id, a.created_at, a.created_at::text AS position,
                 NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                 a.action, a.actor_type, a.actor_id, a.actor_email, a.change, a.details
            FROM grant_activity a
           WHERE a.grant_id = ? AND a.deleted_at IS NULL ${where("a")}
           ORDER BY a.created_at DESC, a.id DESC LIMIT ?)
       ) t
       ORDER BY created_at DESC, id DESC
       LIMIT ?`,
      [grantId, ...afterBindings, limit, grantId, ...afterBindings, limit, limit]
    )
    const more = rows.length > page.limit
    const pageRows = more ? rows.slice(0, page.limit) : rows
    const last = pageRows[pageRows.length - 1]
    const entries = pageRows.map(({ position: _position, ...row }) => {
      if (row.kind === "download") {
        const { action: _a, actor_type: _t, actor_id: _i, actor_email: _e, change: _c, details: _d, ...download } = row as Record<string, unknown>
        return { ...download, bytes_sent: download.bytes_sent == null ? null : Number(download.bytes_sent) } as GrantTimelineEntry
      }
      const { outcome: _o, counted: _c, bytes_sent: _b, range: _r, status: _s, ip: _ip, user_agent: _ua, ...activity } = row as Record<string, unknown>
      return activity as GrantTimelineEntry
    })
    return {
      entries,
      next_cursor: more && last ? encodeCursor(TIMELINE_ORDER, { value: last.position, id: last.id }) : null,
    }
  }
}
