import { generateEntityId } from "@medusajs/framework/utils"
import type { Context } from "@medusajs/framework/types"
import { grantStatusCaseSql, grantUsableSql, underLimitWithReservationsSql } from "../utils/grant-rules"
import { rawText, type DeadlineConnections } from "../utils/connection-deadline"
import { copiesSql, runSql } from "../utils/sql"
import type { AdmissionInput, DownloadAdmission, GrantLineInput, IssuedGrant } from "../types"

/**
 * A row of ADMIT_SQL, every column as PostgreSQL's text (the statement is run
 * without type parsing: `rawText`): the hot path converts the few it needs.
 */
type AdmitRow = {
  id: string
  token_version: string
  status: DownloadAdmission["grant"]["status"]
  asset_id: string
  kind: DownloadAdmission["asset"]["kind"]
  file_id: string | null
  external_url: string | null
  filename: string
  mime_type: string
  size: string | null
  sha256: string | null
  asset_version: string
  file_updated_at: string | null
  stamp: DownloadAdmission["stamp"]
  cost: string | null
  reserved: "t" | "f"
  release_missing: "t" | "f"
}

/**
 * The hot path's one statement: decide and reserve. It reads the grant and its
 * file, works out how many bytes the request will send (its range resolved
 * against the file's size) and, when the request may send bytes and the
 * grant admits it (the grant rules, and usage plus reservations under the
 * limit), adds that length in copies to `reserved`. PostgreSQL re-checks the
 * conditions on the locked row, so parallel requests cannot pass the limit
 * together. Sent as a named prepared statement ($n parameters): planned once
 * per connection.
 *
 * $1 grant id, $2 token version, $3 range start, $4 range end, $5 suffix
 * length, $6 reserve?, $7 charge a whole copy?, $8 expected asset version, $9 ip,
 * $10 an earlier release (its version; null: the current file). An earlier
 * release is read from its digital_asset_version row, only while the asset
 * keeps earlier releases; any other release is `release_missing` and reserves
 * nothing. The grant, its rules and its limit are the same for every release.
 *
 * A stamped PDF (the asset's stamp_pdf, a PDF release) is served from the
 * grant's stamped copy of that release: its file, size (the meter's
 * denominator), sha256 (the ETag) and date. `stamp` says which: `none` (not
 * stamped), `ready`, `missing` (no copy yet: nothing reserved, the route has
 * it made and asks again), `unstamped` (the PDF could not be stamped and the
 * store serves it as it is) or `refused` (… and the store refuses it).
 */
export const ADMIT_SQL = `
WITH base AS (
  SELECT g.id, g.token_version, g.enabled, g.revoked_at, g.expires_at, g.max_downloads,
         g.downloads_used, g.reserved, g.order_id,
         a.id AS asset_id, a.kind, a.external_url,
         CAST($10 AS integer) IS NOT NULL AND CAST($10 AS integer) <> a.version AND v.id IS NULL AS release_missing,
         CASE WHEN v.id IS NULL THEN a.file_id ELSE v.file_id END AS file_id,
         CASE WHEN v.id IS NULL THEN a.filename ELSE v.filename END AS filename,
         CASE WHEN v.id IS NULL THEN a.mime_type ELSE v.mime_type END AS mime_type,
         CASE WHEN v.id IS NULL THEN a.size ELSE v.size END AS size,
         CASE WHEN v.id IS NULL THEN a.sha256 ELSE v.sha256 END AS sha256,
         CASE WHEN v.id IS NULL THEN a.version ELSE v.version END AS asset_version,
         CASE WHEN v.id IS NULL THEN a.file_updated_at ELSE v.created_at END AS file_updated_at,
         a.stamp_pdf AND a.kind = 'file'
           AND (CASE WHEN v.id IS NULL THEN a.mime_type ELSE v.mime_type END) = 'application/pdf' AS stamped
  FROM download_grant g
  JOIN digital_asset a ON a.id = g.asset_id AND a.deleted_at IS NULL
  LEFT JOIN digital_asset_version v
    ON CAST($10 AS integer) IS NOT NULL AND CAST($10 AS integer) < a.version AND a.keep_earlier_releases
   AND v.asset_id = a.id AND v.version = CAST($10 AS integer) AND v.deleted_at IS NULL
  WHERE g.id = CAST($1 AS text) AND g.deleted_at IS NULL
),
served AS (
  SELECT base.id, base.token_version, base.enabled, base.revoked_at, base.expires_at, base.max_downloads,
         base.downloads_used, base.reserved, base.order_id, base.asset_id, base.kind, base.external_url,
         base.release_missing, base.filename, base.mime_type, base.asset_version,
         CASE WHEN sc.status = 'ready' THEN sc.file_id ELSE base.file_id END AS file_id,
         CASE WHEN sc.status = 'ready' THEN sc.size ELSE base.size END AS size,
         CASE WHEN sc.status = 'ready' THEN sc.sha256 ELSE base.sha256 END AS sha256,
         CASE WHEN sc.status = 'ready' THEN sc.created_at ELSE base.file_updated_at END AS file_updated_at,
         CASE
           WHEN NOT base.stamped THEN 'none'
           WHEN sc.id IS NULL THEN 'missing'
           WHEN sc.status = 'ready' THEN 'ready'
           WHEN COALESCE((SELECT s.unstampable_pdf FROM delivery_settings s WHERE s.deleted_at IS NULL
                          ORDER BY s.created_at LIMIT 1), 'serve_unstamped') = 'refuse' THEN 'refused'
           ELSE 'unstamped'
         END AS stamp
  FROM base
  -- Lateral, so that a file that is not stamped (base.stamped false: a one-time
  -- filter) does not even probe the index: the common download pays nothing.
  LEFT JOIN LATERAL (
    SELECT c.id, c.status, c.file_id, c.size, c.sha256, c.created_at FROM stamped_copy c
     WHERE base.stamped AND c.grant_id = base.id AND c.version = base.asset_version AND c.deleted_at IS NULL
  ) sc ON true
),
cur AS (
  SELECT served.*,
         CASE
           WHEN served.kind <> 'file' THEN NULL
           WHEN CAST($5 AS bigint) IS NOT NULL THEN LEAST(CAST($5 AS bigint), COALESCE(served.size, 0))
           WHEN CAST($3 AS bigint) IS NOT NULL THEN
             CASE WHEN CAST($3 AS bigint) < COALESCE(served.size, 0)
                  THEN LEAST(COALESCE(CAST($4 AS bigint), served.size - 1), served.size - 1) - CAST($3 AS bigint) + 1
                  ELSE 0 END
           WHEN COALESCE(served.size, 0) = 0 THEN NULL
           ELSE served.size
         END AS length
  FROM served
),
req AS (
  SELECT CASE WHEN CAST($7 AS boolean) OR cur.length IS NULL THEN CAST(1 AS numeric)
              ELSE ${copiesSql("cur.length", "cur.size")} END AS cost,
         cur.length IS NULL OR cur.length > 0 AS satisfiable
  FROM cur
),
upd AS (
  UPDATE download_grant g SET
    reserved = g.reserved + req.cost,
    first_download_at = COALESCE(g.first_download_at, now()),
    last_download_at = now(),
    ip_changes = g.ip_changes + CASE WHEN g.last_ip IS NOT NULL AND g.last_ip IS DISTINCT FROM CAST($9 AS text) THEN 1 ELSE 0 END,
    last_ip = COALESCE(CAST($9 AS text), g.last_ip),
    updated_at = now()
  FROM cur, req
  WHERE g.id = CAST($1 AS text) AND CAST($6 AS boolean) AND req.satisfiable AND NOT cur.release_missing
    AND cur.stamp IN ('none', 'ready', 'unstamped')
    AND g.token_version = CAST($2 AS integer) AND g.deleted_at IS NULL
    AND ${grantUsableSql("g")} AND ${underLimitWithReservationsSql("g")}
    AND (CAST($8 AS integer) IS NULL OR cur.asset_version = CAST($8 AS integer))
  RETURNING g.reserved
)
SELECT cur.id, cur.token_version, ${grantStatusCaseSql("cur")} AS status,
       cur.asset_id, cur.kind, cur.file_id, cur.external_url, cur.filename, cur.mime_type,
       cur.size, cur.sha256, cur.asset_version, cur.file_updated_at, cur.release_missing, cur.stamp,
       req.cost, EXISTS (SELECT 1 FROM upd) AS reserved
FROM cur, req`

/**
 * The download_grant statements that are not CRUD: issuing, the download's
 * admission, link versions and the alert bookkeeping. Settlements are written
 * with the download records (DownloadEventSqlRepository).
 */
export class DownloadGrantSqlRepository {
  constructor(private readonly connections: DeadlineConnections) {}

  /**
   * One grant per (line item, asset); existing grants are left as they are
   * (the unique index decides, so concurrent deliveries cannot duplicate).
   * Returns the grants this call created.
   */
  async issue(lines: GrantLineInput[], sharedContext: Context): Promise<IssuedGrant[]> {
    if (!lines.length) {
      return []
    }
    const values: unknown[] = []
    const rows = lines.map((line) => {
      const quantity = Math.max(1, Math.floor(line.quantity ?? 1))
      values.push(
        generateEntityId(undefined, "dgrant"),
        line.order_id,
        line.line_item_id,
        line.asset_id,
        line.customer_id ?? null,
        // Emails are kept lower-case: exact searches then use the index.
        line.email ? line.email.trim().toLowerCase() : null,
        line.max_downloads == null ? null : line.max_downloads * quantity,
        line.expires_at ?? null,
        line.delivered_at ?? new Date(),
        line.enabled ?? true
      )
      return "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, now(), now())"
    })
    return await runSql<IssuedGrant>(
      sharedContext,
      `INSERT INTO download_grant
         (id, order_id, line_item_id, asset_id, customer_id, email, max_downloads,
          expires_at, delivered_at, enabled, token_version, created_at, updated_at)
       VALUES ${rows.join(", ")}
       ON CONFLICT (line_item_id, asset_id) DO NOTHING
       RETURNING id, order_id, line_item_id, asset_id, customer_id, email, max_downloads,
                 expires_at, delivered_at, enabled, token_version`,
      values
    )
  }

  /** ADMIT_SQL for one request (the hot path: a prepared statement, columns as text). Null when the grant does not exist. */
  async admit(input: AdmissionInput): Promise<DownloadAdmission | null> {
    const range = input.range
    const rows = await this.connections.prepared<AdmitRow>("dd_admit_v4", ADMIT_SQL, [
      input.grant_id,
      input.token_version,
      range && "start" in range ? range.start : null,
      range && "start" in range ? range.end : null,
      range && "suffix" in range ? range.suffix : null,
      input.reserve,
      input.whole,
      input.expected_version ?? null,
      input.ip ?? null,
      input.release ?? null,
    ], rawText)
    const row = rows[0]
    if (!row) {
      return null
    }
    const reserved = row.reserved === "t"
    return {
      grant: { id: row.id, token_version: Number(row.token_version), status: row.status },
      asset: {
        id: row.asset_id,
        kind: row.kind,
        file_id: row.file_id,
        external_url: row.external_url,
        filename: row.filename,
        mime_type: row.mime_type,
        size: row.size == null ? null : Number(row.size),
        sha256: row.sha256,
        version: Number(row.asset_version),
        file_updated_at: row.file_updated_at,
      },
      reservation: reserved ? row.cost : null,
      release_missing: row.release_missing === "t",
      stamp: row.stamp,
    }
  }

  /** Takes the grant's alert slot: true at most once an hour per grant (one conditional UPDATE decides). */
  async claimAlertSlot(grantId: string, sharedContext: Context): Promise<boolean> {
    const rows = await runSql(
      sharedContext,
      `UPDATE download_grant SET last_alert_at = now()
        WHERE id = ? AND (last_alert_at IS NULL OR last_alert_at <= now() - interval '1 hour')
        RETURNING id`,
      [grantId]
    )
    return rows.length > 0
  }

  async flagSuspicious(grantId: string, sharedContext: Context): Promise<void> {
    await runSql(sharedContext, `UPDATE download_grant SET suspicious_at = now() WHERE id = ?`, [grantId])
  }

  async bumpTokenVersion(grantIds: string[], sharedContext: Context): Promise<{ id: string; token_version: number; order_id: string }[]> {
    return await runSql<{ id: string; token_version: number; order_id: string }>(
      sharedContext,
      `UPDATE download_grant SET token_version = token_version + 1, updated_at = now()
        WHERE id = ANY(CAST(? AS text[])) AND deleted_at IS NULL RETURNING id, token_version, order_id`,
      [grantIds]
    )
  }
}
