import type { Context } from "@medusajs/framework/types"
import { runSql } from "../utils/sql"

/** What the public preview route needs of a preview: no owner, nothing of any paid file. */
export type ServablePreview = {
  id: string
  filename: string
  mime_type: string
  size: number
  sha256: string
  file_id: string
  created_at: Date
}

/** The owner of a preview: a product, or one asset. */
export type PreviewOwner = { product_id: string } | { asset_id: string }

const ownerColumn = (owner: PreviewOwner) => ("product_id" in owner ? "product_id" : "asset_id")
const ownerId = (owner: PreviewOwner) => ("product_id" in owner ? owner.product_id : owner.asset_id)

/**
 * The previews' raw SQL: the public route's read (one statement, only the
 * preview table and, for an asset's preview, whether that asset still exists)
 * and the renumbering of an owner's previews.
 */
export class DigitalPreviewSqlRepository {
  /** A preview the public route may serve, or null (unknown, deleted, or its asset deleted). */
  async findServable(id: string, sharedContext: Context): Promise<ServablePreview | null> {
    const [row] = await runSql<ServablePreview & { size: string }>(
      sharedContext,
      `SELECT p.id, p.filename, p.mime_type, p.size, p.sha256, p.file_id, p.created_at
         FROM digital_preview p
        WHERE p.id = ? AND p.deleted_at IS NULL
          AND (p.asset_id IS NULL OR EXISTS (SELECT 1 FROM digital_asset a WHERE a.id = p.asset_id AND a.deleted_at IS NULL))
        LIMIT 1`,
      [id]
    )
    return row ? { ...row, size: Number(row.size) } : null
  }

  /** The next free position among an owner's previews (its previews count from 0). */
  async nextPosition(owner: PreviewOwner, sharedContext: Context): Promise<number> {
    const [row] = await runSql<{ next: number }>(
      sharedContext,
      `SELECT COALESCE(MAX(position) + 1, 0)::int AS next FROM digital_preview WHERE ${ownerColumn(owner)} = ? AND deleted_at IS NULL`,
      [ownerId(owner)]
    )
    return row?.next ?? 0
  }

  /**
   * Puts the preview at `position` (0-based, clamped to the list) among its
   * owner's previews and renumbers them all 0..n-1 in one statement, inside
   * the caller's transaction (the owner's rows are locked first, so two moves
   * at once cannot leave two previews on one position).
   */
  async move(id: string, owner: PreviewOwner, position: number, sharedContext: Context): Promise<void> {
    const column = ownerColumn(owner)
    await runSql(sharedContext, `SELECT id FROM digital_preview WHERE ${column} = ? AND deleted_at IS NULL ORDER BY id FOR UPDATE`, [ownerId(owner)])
    await runSql(
      sharedContext,
      `WITH others AS (
         SELECT id, row_number() OVER (ORDER BY position, created_at, id) - 1 AS n
           FROM digital_preview
          WHERE ${column} = ? AND deleted_at IS NULL AND id <> ?
       ), target AS (
         SELECT LEAST(GREATEST(?::int, 0), (SELECT count(*) FROM others))::int AS at
       ), numbered AS (
         SELECT id, CASE WHEN n >= (SELECT at FROM target) THEN n + 1 ELSE n END AS pos FROM others
         UNION ALL
         SELECT ?::text, (SELECT at FROM target)
       )
       UPDATE digital_preview p SET position = numbered.pos, updated_at = now()
         FROM numbered WHERE p.id = numbered.id AND p.position IS DISTINCT FROM numbered.pos`,
      [ownerId(owner), id, position, id]
    )
  }
}
