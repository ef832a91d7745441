import type { Context } from "@medusajs/framework/types"
import { runSql } from "../utils/sql"
import type { AssetRelease } from "../types"

type ReleaseRow = {
  asset_id: string
  version: number
  version_label: string | null
  release_notes: string | null
  filename: string
  size: string | null
  published_at: Date
  current: boolean
}

/** A grant whose limit a release raised: its limit before and after. */
export type RaisedGrant = { id: string; order_id: string; from: number; to: number }

/**
 * Releases (an asset's digital_asset_version rows) as buyers see them, and the
 * downloads a release adds to the grants of its asset.
 */
export class AssetReleaseSqlRepository {
  /**
   * The releases buyers may download, per asset, newest first: the current
   * one always, the earlier ones while the asset keeps them. External links
   * have none.
   */
  async buyerReleases(assetIds: string[], sharedContext: Context): Promise<AssetRelease[]> {
    if (!assetIds.length) return []
    const rows = await runSql<ReleaseRow>(
      sharedContext,
      `SELECT v.asset_id, v.version, v.version_label, v.release_notes,
              CASE WHEN v.version = a.version THEN a.filename ELSE v.filename END AS filename,
              v.size, v.created_at AS published_at, v.version = a.version AS current
         FROM digital_asset_version v
         JOIN digital_asset a ON a.id = v.asset_id AND a.deleted_at IS NULL AND a.kind = 'file'
        WHERE v.asset_id = ANY(CAST(? AS text[])) AND v.deleted_at IS NULL
          AND (v.version = a.version OR (a.keep_earlier_releases AND v.version < a.version))
        ORDER BY v.asset_id, v.version DESC`,
      [assetIds]
    )
    return rows.map((r) => ({
      ...r,
      version: Number(r.version),
      size: r.size == null ? null : Number(r.size),
      published_at: new Date(r.published_at),
    }))
  }

  /**
   * Adds `extra` downloads to every current grant of the asset that has a
   * limit, in one statement: not revoked, not expired (a buyer whose access
   * ended gets no more downloads by a release), disabled ones included (they
   * hold it when turned back on). Unlimited grants stay unlimited.
   */
  async raiseLimits(assetId: string, extra: number, sharedContext: Context): Promise<RaisedGrant[]> {
    const rows = await runSql<RaisedGrant>(
      sharedContext,
      `UPDATE download_grant SET max_downloads = max_downloads + CAST(? AS integer), updated_at = now()
        WHERE asset_id = ? AND deleted_at IS NULL AND revoked_at IS NULL AND max_downloads IS NOT NULL
          AND (expires_at IS NULL OR expires_at > now())
        RETURNING id, order_id, max_downloads - CAST(? AS integer) AS "from", max_downloads AS "to"`,
      [extra, assetId, extra]
    )
    return rows.map((r) => ({ ...r, from: Number(r.from), to: Number(r.to) }))
  }

  /** Takes back what raiseLimits added to these grants (a workflow's compensation). */
  async lowerLimits(grantIds: string[], extra: number, sharedContext: Context): Promise<void> {
    if (!grantIds.length) return
    await runSql(
      sharedContext,
      `UPDATE download_grant SET max_downloads = max_downloads - CAST(? AS integer), updated_at = now()
        WHERE id = ANY(CAST(? AS text[])) AND max_downloads IS NOT NULL`,
      [extra, grantIds]
    )
  }
}
