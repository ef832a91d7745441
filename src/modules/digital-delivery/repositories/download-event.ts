import crypto from "crypto"
import type { Context } from "@medusajs/framework/types"
import { normalizeIp } from "../utils/client-ip"
import type { DeadlineConnections } from "../utils/connection-deadline"
import { copiesSql, rawNumericSql, runSql } from "../utils/sql"
import type { DownloadEventInput, Settlement } from "../types"

/** What a download request leaves behind: its event and, when it reserved, its settlement. */
export type DownloadRecord = { event: DownloadEventInput; settlement: Settlement | null }

/**
 * One write of download records: the events, and the settlements of the
 * requests that ended (each gives back its reservation and is charged the
 * copies it really sent, never more than it reserved). One statement, one
 * round trip, off the hot path.
 */
export const FLUSH_SQL = `
WITH s AS (
  SELECT id, sum(reserved) AS reserved, sum(bytes) AS bytes,
         sum(LEAST(reserved, CASE WHEN whole OR COALESCE(size, 0) = 0 THEN reserved ELSE ${copiesSql("bytes", "size")} END)) AS used
  FROM unnest(CAST($11 AS text[]), CAST($12 AS numeric[]), CAST($13 AS numeric[]), CAST($14 AS numeric[]), CAST($15 AS boolean[]))
    AS t(id, reserved, bytes, size, whole)
  GROUP BY id
),
settled AS (
  UPDATE download_grant g SET
    reserved = GREATEST(g.reserved - s.reserved, 0),
    downloads_used = g.downloads_used + s.used,
    raw_downloads_used = ${rawNumericSql("g.downloads_used + s.used")},
    bytes_sent = g.bytes_sent + s.bytes,
    raw_bytes_sent = ${rawNumericSql("g.bytes_sent + s.bytes")},
    updated_at = now()
  FROM s WHERE g.id = s.id
  RETURNING g.id
)
INSERT INTO download_event (id, grant_id, outcome, counted, bytes_sent, raw_bytes_sent, range, status, ip, user_agent, created_at, updated_at)
SELECT e.id, e.grant_id, e.outcome, e.counted, e.bytes,
       CASE WHEN e.bytes IS NULL THEN NULL ELSE ${rawNumericSql("e.bytes")} END,
       e.range, e.status, e.ip, e.user_agent, e.created_at, now()
FROM unnest(CAST($1 AS text[]), CAST($2 AS text[]), CAST($3 AS text[]), CAST($4 AS boolean[]), CAST($5 AS numeric[]),
            CAST($6 AS text[]), CAST($7 AS integer[]), CAST($8 AS text[]), CAST($9 AS text[]), CAST($10 AS timestamptz[]))
  AS e(id, grant_id, outcome, counted, bytes, range, status, ip, user_agent, created_at)`

/** The download_event statements that are not CRUD: the batched write of records, and the refusal count. */
export class DownloadEventSqlRepository {
  /**
   * Event ids: time-ordered and unique without a random draw per event (which
   * showed on the download hot path): the time, this repository's random
   * 64-bit prefix, and a counter.
   */
  private readonly idPrefix = crypto.randomBytes(8).toString("hex")
  private idCounter = 0

  constructor(private readonly connections: DeadlineConnections) {}

  private nextEventId(): string {
    this.idCounter = (this.idCounter + 1) % 2 ** 32
    return `dlevt_${Date.now().toString(36).padStart(9, "0")}${this.idPrefix}${this.idCounter.toString(36).padStart(7, "0")}`
  }

  /** Writes a batch of records in one statement (FLUSH_SQL, prepared once: its text never changes). */
  async write(batch: DownloadRecord[]): Promise<void> {
    await this.connections.prepared("dd_flush_v1", FLUSH_SQL, this.flushParameters(batch))
  }

  /** FLUSH_SQL's parameters: one array per column. */
  private flushParameters(batch: DownloadRecord[]): unknown[] {
    const columns: unknown[][] = Array.from({ length: 15 }, () => [])
    for (const { event: e, settlement: s } of batch) {
      columns[0].push(this.nextEventId())
      columns[1].push(e.grant_id ?? null)
      columns[2].push(e.outcome)
      columns[3].push(e.counted ?? false)
      columns[4].push(e.bytes_sent ?? null)
      columns[5].push(e.range ?? null)
      columns[6].push(e.status ?? null)
      columns[7].push(normalizeIp(e.ip)?.slice(0, 64) ?? null)
      columns[8].push(e.user_agent ? e.user_agent.slice(0, 512) : null)
      // ISO text: node-postgres's own Date formatting costs more than the rest of the row
      columns[9].push((e.created_at ?? new Date()).toISOString())
      if (s) {
        columns[10].push(s.grant_id)
        columns[11].push(s.reserved)
        columns[12].push(s.bytes)
        columns[13].push(s.size)
        columns[14].push(s.whole)
      }
    }
    return columns
  }

  /** Refused attempts on a grant in the last `minutes`. */
  async countRecentDenials(grantId: string, minutes: number, sharedContext: Context): Promise<number> {
    const [row] = await runSql<{ count: string }>(
      sharedContext,
      `SELECT count(*) AS count FROM download_event
        WHERE grant_id = ? AND deleted_at IS NULL AND created_at > now() - make_interval(mins => ?)
          AND outcome IN ('invalid_link', 'disabled', 'revoked', 'expired', 'limit_reached')`,
      [grantId, minutes]
    )
    return Number(row?.count ?? 0)
  }
}
