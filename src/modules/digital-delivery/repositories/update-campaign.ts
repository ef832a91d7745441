import type { Context } from "@medusajs/framework/types"
import { runSql } from "../utils/sql"

/** A claimed recipient: what the sender needs, and the attempt that fences its writes. */
export type ClaimedRecipient = {
  id: string
  campaign_id: string
  email: string
  order_id: string | null
  customer_id: string | null
  attempts: number
  /** When this claim was taken: part of the notification's key, unique per claim even after "retry failed" starts the count over. */
  claimed_at: Date
  asset_id: string
  version: number
  include_expired: boolean
}

export type CampaignCounts = {
  recipients: number
  queued: number
  sending: number
  sent: number
  failed: number
  unsubscribed: number
  skipped: number
}

/** One key for every instance: claims (and their throttle count) are taken one at a time. */
const CLAIM_LOCK = 727_017_001

/**
 * Who a campaign of an asset reaches: the addresses of its grants that are
 * enabled, not revoked, not deleted and (unless `include_expired`) not
 * expired. Bindings: asset_id, include_expired.
 */
const AUDIENCE_SQL = `
  SELECT DISTINCT ON (lower(g.email)) lower(g.email) AS email, g.order_id, g.customer_id
    FROM download_grant g
   WHERE g.asset_id = ? AND g.deleted_at IS NULL AND g.revoked_at IS NULL AND g.enabled
     AND g.email IS NOT NULL AND g.email <> ''
     AND (CAST(? AS boolean) OR g.expires_at IS NULL OR g.expires_at > now())
   ORDER BY lower(g.email), g.created_at DESC, g.id DESC`

export type CampaignRow = {
  id: string
  asset_id: string
  version: number
  status: "sending" | "paused" | "cancelled" | "completed"
  include_expired: boolean
  started_by: string | null
  completed_at: Date | null
  created_at: Date
  updated_at: Date
}

/** The statements of update campaigns that are not CRUD: recording, claiming and settling recipients. */
export class UpdateCampaignSqlRepository {
  /**
   * The release's campaign, created once (unique per asset and version, so
   * two starts at once make one). `reopen` sets an existing one sending
   * again (the merchant's "start"); without it an existing campaign is left
   * as it is (a repeated event). `inserted` tells a new campaign.
   */
  async upsert(
    input: { id: string; asset_id: string; version: number; include_expired: boolean; started_by: string | null; reopen: boolean },
    sharedContext: Context
  ): Promise<CampaignRow & { inserted: boolean }> {
    const [row] = await runSql<CampaignRow & { inserted: boolean }>(
      sharedContext,
      `INSERT INTO update_campaign (id, asset_id, version, status, include_expired, started_by, created_at, updated_at)
       VALUES (?, ?, ?, 'sending', ?, ?, now(), now())
       ON CONFLICT (asset_id, version) DO UPDATE SET
         status = CASE WHEN CAST(? AS boolean) THEN 'sending' ELSE update_campaign.status END,
         include_expired = CASE WHEN CAST(? AS boolean) THEN EXCLUDED.include_expired ELSE update_campaign.include_expired END,
         completed_at = CASE WHEN CAST(? AS boolean) THEN NULL ELSE update_campaign.completed_at END,
         updated_at = now()
       RETURNING *, (xmax = 0) AS inserted`,
      [input.id, input.asset_id, input.version, input.include_expired, input.started_by, input.reopen, input.reopen, input.reopen]
    )
    return row
  }

  /** How many emails a campaign of the asset would send now (unsubscribed addresses left out). */
  async audience(assetId: string, includeExpired: boolean, sharedContext: Context): Promise<number> {
    const [row] = await runSql<{ n: number }>(
      sharedContext,
      `SELECT count(*)::int AS n FROM (${AUDIENCE_SQL}) a
        WHERE NOT EXISTS (SELECT 1 FROM email_unsubscribe u WHERE u.email = a.email AND u.deleted_at IS NULL)`,
      [assetId, includeExpired]
    )
    return row.n
  }

  /**
   * Records the campaign's recipients: one row per address (the unique index
   * decides, so a second run adds only addresses not recorded yet);
   * unsubscribed addresses are recorded as such and never sent. Returns how
   * many rows this call added.
   */
  async recordRecipients(campaignId: string, assetId: string, includeExpired: boolean, sharedContext: Context): Promise<number> {
    const rows = await runSql<{ id: string }>(
      sharedContext,
      `INSERT INTO update_campaign_recipient (id, campaign_id, email, order_id, customer_id, status, created_at, updated_at)
       SELECT 'dcrcp_' || replace(gen_random_uuid()::text, '-', ''), ?, a.email, a.order_id, a.customer_id,
              CASE WHEN u.id IS NULL THEN 'queued' ELSE 'unsubscribed' END, now(), now()
         FROM (${AUDIENCE_SQL}) a
         LEFT JOIN email_unsubscribe u ON u.email = a.email AND u.deleted_at IS NULL
       ON CONFLICT (campaign_id, email) DO NOTHING
       RETURNING id`,
      [campaignId, assetId, includeExpired]
    )
    return rows.length
  }

  /**
   * Claims up to `limit` recipients of campaigns that are sending: rows
   * waiting (and due), and rows whose claim's lease ran out (their instance
   * died between claiming and settling). One transaction-scoped advisory lock
   * serializes claims across instances, so the throttle's count is exact;
   * `FOR UPDATE SKIP LOCKED` keeps a claim from waiting on a row being
   * settled. `perMinute` (null = no limit) caps the rows claimed in the last
   * 60 seconds, every campaign together. Run inside a transaction.
   *
   * Rows never tried come first, then retries that are due. The order is the
   * pending index read backwards (`next_attempt_at DESC NULLS FIRST`), so a
   * claim reads about a batch of index entries however long the backlog; the
   * earlier `NULLS FIRST, id` sorted every pending row on each claim (about
   * 0.4 s a claim at 100,000 queued rows: README, Benchmarks, campaign).
   */
  async claim(
    input: { limit: number; perMinute: number | null; leaseSeconds: number },
    sharedContext: Context
  ): Promise<ClaimedRecipient[]> {
    await runSql(sharedContext, "SELECT pg_advisory_xact_lock(?)", [CLAIM_LOCK])
    let limit = input.limit
    if (input.perMinute != null) {
      const [recent] = await runSql<{ n: number }>(
        sharedContext,
        "SELECT count(*)::int AS n FROM update_campaign_recipient WHERE claimed_at > now() - interval '60 seconds'",
        []
      )
      limit = Math.min(limit, Math.max(0, input.perMinute - recent.n))
    }
    if (limit <= 0) return []
    return await runSql<ClaimedRecipient>(
      sharedContext,
      `UPDATE update_campaign_recipient r
          SET status = 'sending', attempts = r.attempts + 1, claimed_at = now(),
              lease_until = now() + CAST(? AS integer) * interval '1 second', updated_at = now()
         FROM update_campaign c
        WHERE c.id = r.campaign_id
          AND r.id IN (
            SELECT p.id FROM update_campaign_recipient p
              JOIN update_campaign pc ON pc.id = p.campaign_id AND pc.status = 'sending' AND pc.deleted_at IS NULL
             WHERE p.deleted_at IS NULL
               AND ((p.status = 'queued' AND (p.next_attempt_at IS NULL OR p.next_attempt_at <= now()))
                 OR (p.status = 'sending' AND p.lease_until < now()))
             ORDER BY p.next_attempt_at DESC NULLS FIRST
             LIMIT CAST(? AS integer)
             FOR UPDATE OF p SKIP LOCKED)
        RETURNING r.id, r.campaign_id, r.email, r.order_id, r.customer_id, r.attempts, r.claimed_at, c.asset_id, c.version, c.include_expired`,
      [input.leaseSeconds, limit]
    )
  }

  /**
   * Settles one claim: `sent`, a failure (queued again after `retryInSeconds`,
   * or `failed` for good when null), `unsubscribed` or `skipped`. Only the
   * claim that is current (same `attempts`, still `sending`) may settle: a
   * claim whose lease ran out and was taken over changes nothing. Returns
   * whether it settled.
   */
  async settle(
    claim: { id: string; attempts: number },
    outcome:
      | { status: "sent"; notification_id: string | null }
      | { status: "retry"; error: string; retryInSeconds: number | null }
      | { status: "unsubscribed" | "skipped"; error?: string },
    sharedContext: Context
  ): Promise<boolean> {
    const [status, notificationId, error, retryIn] =
      outcome.status === "sent"
        ? ["sent", outcome.notification_id, null, null]
        : outcome.status === "retry"
          ? [outcome.retryInSeconds == null ? "failed" : "queued", null, outcome.error.slice(0, 1000), outcome.retryInSeconds]
          : [outcome.status, null, outcome.error ?? null, null]
    const rows = await runSql<{ id: string }>(
      sharedContext,
      `UPDATE update_campaign_recipient
          SET status = ?, lease_until = NULL, updated_at = now(),
              sent_at = CASE WHEN ? = 'sent' THEN now() ELSE sent_at END,
              notification_id = COALESCE(?, notification_id),
              last_error = ?,
              next_attempt_at = CASE WHEN CAST(? AS integer) IS NULL THEN next_attempt_at ELSE now() + CAST(? AS integer) * interval '1 second' END
        WHERE id = ? AND status = 'sending' AND attempts = CAST(? AS integer)
        RETURNING id`,
      [status, status, notificationId, error, retryIn, retryIn, claim.id, claim.attempts]
    )
    return rows.length === 1
  }

  /** Queues a campaign's failed rows again, as new (their attempts start over). Returns how many. */
  async retryFailed(campaignId: string, sharedContext: Context): Promise<number> {
    const rows = await runSql<{ id: string }>(
      sharedContext,
      `UPDATE update_campaign_recipient
          SET status = 'queued', attempts = 0, next_attempt_at = NULL, last_error = NULL, updated_at = now()
        WHERE campaign_id = ? AND status = 'failed' AND deleted_at IS NULL
        RETURNING id`,
      [campaignId]
    )
    return rows.length
  }

  /** Campaigns that are sending and have nothing left to send become completed. Returns their ids. */
  async completeFinished(sharedContext: Context): Promise<string[]> {
    const rows = await runSql<{ id: string }>(
      sharedContext,
      `UPDATE update_campaign c SET status = 'completed', completed_at = now(), updated_at = now()
        WHERE c.status = 'sending' AND c.deleted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM update_campaign_recipient r
                           WHERE r.campaign_id = c.id AND r.status IN ('queued', 'sending') AND r.deleted_at IS NULL)
        RETURNING c.id`,
      []
    )
    return rows.map((r) => r.id)
  }

  /** Each campaign's recipients by status. */
  async counts(campaignIds: string[], sharedContext: Context): Promise<Record<string, CampaignCounts>> {
    const out: Record<string, CampaignCounts> = {}
    for (const id of campaignIds) out[id] = { recipients: 0, queued: 0, sending: 0, sent: 0, failed: 0, unsubscribed: 0, skipped: 0 }
    if (!campaignIds.length) return out
    const rows = await runSql<{ campaign_id: string; status: keyof CampaignCounts; n: number }>(
      sharedContext,
      `SELECT campaign_id, status, count(*)::int AS n FROM update_campaign_recipient
        WHERE campaign_id = ANY(CAST(? AS text[])) AND deleted_at IS NULL GROUP BY campaign_id, status`,
      [campaignIds]
    )
    for (const row of rows) {
      const counts = out[row.campaign_id]
      if (row.status in counts) counts[row.status] += row.n
      counts.recipients += row.n
    }
    return out
  }

  /** Records an unsubscribed address (once; a second unsubscribe changes nothing). Returns whether it is new. */
  async unsubscribe(email: string, source: string, recipientId: string | null, sharedContext: Context): Promise<boolean> {
    const rows = await runSql<{ id: string }>(
      sharedContext,
      `INSERT INTO email_unsubscribe (id, email, source, recipient_id, created_at, updated_at)
       VALUES ('dunsub_' || replace(gen_random_uuid()::text, '-', ''), ?, ?, ?, now(), now())
       ON CONFLICT (email) DO NOTHING RETURNING id`,
      [email.trim().toLowerCase(), source, recipientId]
    )
    return rows.length === 1
  }

  async isUnsubscribed(email: string, sharedContext: Context): Promise<boolean> {
    const rows = await runSql(
      sharedContext,
      "SELECT 1 FROM email_unsubscribe WHERE email = ? AND deleted_at IS NULL",
      [email.trim().toLowerCase()]
    )
    return rows.length > 0
  }
}
