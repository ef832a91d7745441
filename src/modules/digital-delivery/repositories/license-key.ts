import { generateEntityId } from "@medusajs/framework/utils"
import type { Context } from "@medusajs/framework/types"
import { runSql } from "../utils/sql"

export type LicenseSource = "off" | "generated" | "pool"
export type LicenseState = "active" | "revoked" | "pending"

export type LicenseKeyConfigRow = {
  variant_id: string
  source: LicenseSource
  pattern: string
  activation_limit: number
  low_pool_threshold: number
}

export type LicenseKeyConfigInput = Partial<Omit<LicenseKeyConfigRow, "variant_id">>

/** A key to insert: generated ones arrive encrypted and hashed; pool (and missing) ones as pending. */
export type NewLicenseKey = {
  order_id: string
  line_item_id: string
  unit_index: number
  generation?: number
  variant_id: string
  grant_id: string | null
  email: string | null
  source: "generated" | "pool"
  ciphertext?: string | null
  lookup_hash?: string | null
  hint?: string | null
}

export type LicenseKeyRow = {
  id: string
  order_id: string
  line_item_id: string
  unit_index: number
  generation: number
  variant_id: string
  grant_id: string | null
  email: string | null
  source: "generated" | "pool"
  state: LicenseState
  ciphertext: string | null
  hint: string | null
  issued_at: Date | null
  revoked_at: Date | null
  created_at: Date
  activation_limit: number
  activation_count: number
}

export type PoolKeyInput = { ciphertext: string; lookup_hash: string; hint: string }

const DEFAULT_LIMIT = 3
const KEY_COLUMNS = `k.id, k.order_id, k.line_item_id, k.unit_index, k.generation, k.variant_id, k.grant_id, k.email, k.source, k.state,
  k.ciphertext, k.hint, k.issued_at, k.revoked_at, k.created_at,
  COALESCE(c.activation_limit, ${DEFAULT_LIMIT}) AS activation_limit,
  (SELECT count(*)::int FROM license_activation a WHERE a.license_key_id = k.id AND a.deleted_at IS NULL) AS activation_count`
const KEY_FROM = `license_key k LEFT JOIN license_key_config c ON c.variant_id = k.variant_id AND c.deleted_at IS NULL`

/** The license tables' statements: issuing, pool claims (never the same pool key twice), activations (never past the limit). */
export class LicenseKeySqlRepository {
  async configs(variantIds: string[], sharedContext: Context): Promise<LicenseKeyConfigRow[]> {
    if (!variantIds.length) return []
    return await runSql<LicenseKeyConfigRow>(
      sharedContext,
      `SELECT variant_id, source, pattern, activation_limit, low_pool_threshold
         FROM license_key_config WHERE variant_id = ANY(?) AND deleted_at IS NULL`,
      [variantIds]
    )
  }

  async upsertConfig(variantId: string, input: LicenseKeyConfigInput, sharedContext: Context): Promise<LicenseKeyConfigRow> {
    const [row] = await runSql<LicenseKeyConfigRow>(
      sharedContext,
      `INSERT INTO license_key_config (id, variant_id, source, pattern, activation_limit, low_pool_threshold, created_at, updated_at)
       VALUES (?, ?, COALESCE(?, 'off'), COALESCE(?, 'XXXX-XXXX-XXXX-XXXX'), COALESCE(CAST(? AS integer), 3), COALESCE(CAST(? AS integer), 5), now(), now())
       ON CONFLICT (variant_id) WHERE deleted_at IS NULL DO UPDATE SET
         source = COALESCE(?, license_key_config.source),
         pattern = COALESCE(?, license_key_config.pattern),
         activation_limit = COALESCE(CAST(? AS integer), license_key_config.activation_limit),
         low_pool_threshold = COALESCE(CAST(? AS integer), license_key_config.low_pool_threshold),
         -- a new threshold may call for a new alert
         pool_low_alerted_at = CASE WHEN CAST(? AS integer) IS NULL THEN license_key_config.pool_low_alerted_at END,
         updated_at = now()
       RETURNING variant_id, source, pattern, activation_limit, low_pool_threshold`,
      [
        generateEntityId(undefined, "lkcfg"),
        variantId,
        ...[0, 1].flatMap(() => [input.source ?? null, input.pattern ?? null, input.activation_limit ?? null, input.low_pool_threshold ?? null]),
        input.low_pool_threshold ?? null,
      ]
    )
    return row
  }

  /** Inserts the keys a line is owed (a unit that has one already is skipped); returns the inserted ids. */
  async insertKeys(keys: NewLicenseKey[], sharedContext: Context): Promise<{ id: string; state: LicenseState }[]> {
    if (!keys.length) return []
    const values = keys.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), now())").join(", ")
    return await runSql<{ id: string; state: LicenseState }>(
      sharedContext,
      `INSERT INTO license_key (id, order_id, line_item_id, unit_index, generation, variant_id, grant_id, email, source, state,
                                ciphertext, lookup_hash, hint, issued_at, late_email_sent_at, created_at, updated_at)
       VALUES ${values}
       ON CONFLICT (line_item_id, unit_index, generation) WHERE deleted_at IS NULL DO NOTHING
       RETURNING id, state`,
      keys.flatMap((k) => [
        generateEntityId(undefined, "lkey"),
        k.order_id,
        k.line_item_id,
        k.unit_index,
        k.generation ?? 1,
        k.variant_id,
        k.grant_id,
        k.email,
        k.source,
        k.ciphertext ? "active" : "pending",
        k.ciphertext ?? null,
        k.lookup_hash ?? null,
        k.hint ?? null,
        k.ciphertext ? new Date() : null,
        null,
      ])
    )
  }

  /**
   * Gives pending keys of the variant (only `ids` if given, oldest first) the
   * oldest unused pool keys, in one statement: both sides are locked with SKIP
   * LOCKED, so two instances never hand out the same pool key or fill the same
   * key twice. `late`: the buyer is owed an email with them (the reconciliation).
   */
  async fillPending(
    variantId: string,
    options: { ids?: string[]; late: boolean; limit?: number },
    sharedContext: Context
  ): Promise<{ id: string; order_id: string }[]> {
    const limit = options.limit ?? 1000
    return await runSql<{ id: string; order_id: string }>(
      sharedContext,
      `WITH pending AS (
         SELECT id, row_number() OVER (ORDER BY created_at, unit_index, id) AS n FROM (
           SELECT id, created_at, unit_index FROM license_key
            WHERE variant_id = ? AND state = 'pending' AND deleted_at IS NULL ${options.ids ? "AND id = ANY(?)" : ""}
            ORDER BY created_at, unit_index, id LIMIT ? FOR UPDATE SKIP LOCKED) p),
       pool AS (
         SELECT id AS pool_id, ciphertext, lookup_hash, hint, row_number() OVER (ORDER BY created_at, id) AS n FROM (
           SELECT id, ciphertext, lookup_hash, hint, created_at FROM license_pool_key
            WHERE variant_id = ? AND used_at IS NULL AND deleted_at IS NULL
            ORDER BY created_at, id LIMIT (SELECT count(*) FROM pending) FOR UPDATE SKIP LOCKED) q),
       pairs AS (SELECT pending.id AS key_id, pool.* FROM pending JOIN pool ON pool.n = pending.n),
       used AS (
         UPDATE license_pool_key lp SET used_at = now(), license_key_id = pairs.key_id, updated_at = now()
           FROM pairs WHERE lp.id = pairs.pool_id RETURNING lp.id)
       UPDATE license_key k SET state = 'active', ciphertext = pairs.ciphertext, lookup_hash = pairs.lookup_hash,
              hint = pairs.hint, issued_at = now(), late = ?, updated_at = now()
         FROM pairs WHERE k.id = pairs.key_id
       RETURNING k.id, k.order_id`,
      [variantId, ...(options.ids ? [options.ids] : []), limit, variantId, options.late]
    )
  }

  /** Variants with pending keys and unused pool keys: what the reconciliation can fill. */
  async fillableVariants(sharedContext: Context): Promise<string[]> {
    const rows = await runSql<{ variant_id: string }>(
      sharedContext,
      `SELECT DISTINCT k.variant_id FROM license_key k
        WHERE k.state = 'pending' AND k.deleted_at IS NULL
          AND EXISTS (SELECT 1 FROM license_pool_key p WHERE p.variant_id = k.variant_id AND p.used_at IS NULL AND p.deleted_at IS NULL)`,
      []
    )
    return rows.map((r) => r.variant_id)
  }

  /** Claims the late-key email of an order's keys issued after delivery: each key is emailed once. */
  async claimLateEmail(orderId: string, sharedContext: Context): Promise<string[]> {
    const rows = await runSql<{ id: string }>(
      sharedContext,
      `UPDATE license_key SET late_email_sent_at = now(), updated_at = now()
        WHERE order_id = ? AND late AND state = 'active' AND late_email_sent_at IS NULL AND deleted_at IS NULL
        RETURNING id`,
      [orderId]
    )
    return rows.map((r) => r.id)
  }

  /** Orders with keys issued late whose email is not sent yet. */
  async ordersOwedLateEmail(sharedContext: Context): Promise<string[]> {
    const rows = await runSql<{ order_id: string }>(
      sharedContext,
      "SELECT DISTINCT order_id FROM license_key WHERE late AND state = 'active' AND late_email_sent_at IS NULL AND deleted_at IS NULL",
      []
    )
    return rows.map((r) => r.order_id)
  }

  async unclaimLateEmail(ids: string[], sharedContext: Context): Promise<void> {
    if (!ids.length) return
    await runSql(sharedContext, "UPDATE license_key SET late_email_sent_at = NULL WHERE id = ANY(?)", [ids])
  }

  /** Removes keys (a compensation): their pool keys become unused again. */
  async deleteKeys(ids: string[], sharedContext: Context): Promise<void> {
    if (!ids.length) return
    await runSql(sharedContext, "UPDATE license_pool_key SET used_at = NULL, license_key_id = NULL, updated_at = now() WHERE license_key_id = ANY(?)", [ids])
    await runSql(sharedContext, "DELETE FROM license_activation WHERE license_key_id = ANY(?)", [ids])
    await runSql(sharedContext, "DELETE FROM license_key WHERE id = ANY(?)", [ids])
  }

  async listKeys(filter: { order_id?: string; ids?: string[]; line_item_ids?: string[] }, sharedContext: Context): Promise<LicenseKeyRow[]> {
    const all: [string, unknown][] = [
      ["k.order_id = ?", filter.order_id],
      ["k.id = ANY(?)", filter.ids],
      ["k.line_item_id = ANY(?)", filter.line_item_ids],
    ]
    const conditions = all.filter(([, value]) => value !== undefined)
    const where = ["k.deleted_at IS NULL", ...conditions.map(([sql]) => sql)]
    const bindings = conditions.map(([, value]) => value)
    return await runSql<LicenseKeyRow>(
      sharedContext,
      `SELECT ${KEY_COLUMNS} FROM ${KEY_FROM} WHERE ${where.join(" AND ")} ORDER BY k.created_at, k.line_item_id, k.unit_index, k.generation`,
      bindings
    )
  }

  async findByHash(lookupHash: string, sharedContext: Context): Promise<LicenseKeyRow | null> {
    const [row] = await runSql<LicenseKeyRow>(
      sharedContext,
      `SELECT ${KEY_COLUMNS} FROM ${KEY_FROM} WHERE k.lookup_hash = ? AND k.deleted_at IS NULL`,
      [lookupHash]
    )
    return row ?? null
  }

  /** Sets keys' state (revoked with revoked_at now); returns each changed key with the state it had. */
  async setState(
    filter: { ids?: string[]; line_item_ids?: string[] },
    state: "revoked" | "active" | "pending",
    sharedContext: Context
  ): Promise<{ id: string; previous: LicenseState }[]> {
    const [column, value] = filter.ids ? ["id", filter.ids] : ["line_item_id", filter.line_item_ids ?? []]
    return await runSql<{ id: string; previous: LicenseState }>(
      sharedContext,
      `UPDATE license_key k SET state = ?, revoked_at = CASE WHEN ? = 'revoked' THEN now() END, updated_at = now()
         FROM license_key old
        WHERE k.id = old.id AND k.${column} = ANY(?) AND k.state <> ? AND k.deleted_at IS NULL
        RETURNING k.id, old.state AS previous`,
      [state, state, value, state]
    )
  }

  /** Puts keys back in the states `setState` returned (a compensation). */
  async restoreStates(rows: { id: string; previous: LicenseState }[], sharedContext: Context): Promise<void> {
    for (const row of rows) {
      await runSql(
        sharedContext,
        "UPDATE license_key SET state = ?, revoked_at = CASE WHEN ? = 'revoked' THEN revoked_at END, updated_at = now() WHERE id = ?",
        [row.previous, row.previous, row.id]
      )
    }
  }

  /** The next generation of a unit (replacing a key). */
  async nextGeneration(lineItemId: string, unitIndex: number, sharedContext: Context): Promise<number> {
    const [row] = await runSql<{ next: number }>(
      sharedContext,
      "SELECT COALESCE(max(generation), 0) + 1 AS next FROM license_key WHERE line_item_id = ? AND unit_index = ? AND deleted_at IS NULL",
      [lineItemId, unitIndex]
    )
    return row.next
  }

  /**
   * Activates `instance` unless the key is at its limit. The key's row is
   * locked first (the caller's transaction), so the count the insert reads is
   * current: parallel activations of one key take turns, and exactly `limit`
   * instances get in. An instance already active is left as it is.
   */
  async activate(keyId: string, instance: string, limit: number, sharedContext: Context): Promise<"activated" | "already" | "limit"> {
    await runSql(sharedContext, "SELECT id FROM license_key WHERE id = ? FOR UPDATE", [keyId])
    const [existing] = await runSql(
      sharedContext,
      "SELECT id FROM license_activation WHERE license_key_id = ? AND instance = ? AND deleted_at IS NULL",
      [keyId, instance]
    )
    if (existing) return "already"
    const inserted = await runSql(
      sharedContext,
      `INSERT INTO license_activation (id, license_key_id, instance, created_at, updated_at)
       SELECT ?, ?, ?, now(), now()
        WHERE (SELECT count(*) FROM license_activation WHERE license_key_id = ? AND deleted_at IS NULL) < ?
       RETURNING id`,
      [generateEntityId(undefined, "lact"), keyId, instance, keyId, limit]
    )
    return inserted.length ? "activated" : "limit"
  }

  async deactivate(keyId: string, instance: string, sharedContext: Context): Promise<boolean> {
    const rows = await runSql(sharedContext, "DELETE FROM license_activation WHERE license_key_id = ? AND instance = ? RETURNING id", [keyId, instance])
    return rows.length > 0
  }

  async activations(keyId: string, sharedContext: Context): Promise<{ instance: string; activated_at: Date }[]> {
    return await runSql<{ instance: string; activated_at: Date }>(
      sharedContext,
      "SELECT instance, created_at AS activated_at FROM license_activation WHERE license_key_id = ? AND deleted_at IS NULL ORDER BY created_at, id",
      [keyId]
    )
  }

  /**
   * Adds keys to a variant's pool. Keys already in any pool (or twice in the
   * upload) are refused as a whole: returns the indexes of the duplicates and
   * inserts nothing when there are any.
   */
  async addPoolKeys(variantId: string, keys: PoolKeyInput[], sharedContext: Context): Promise<{ added: number; duplicates: number[] }> {
    const seen = new Map<string, number>()
    const duplicates: number[] = []
    keys.forEach((k, i) => (seen.has(k.lookup_hash) ? duplicates.push(i) : seen.set(k.lookup_hash, i)))
    const known = await runSql<{ lookup_hash: string }>(
      sharedContext,
      `SELECT lookup_hash FROM license_pool_key WHERE lookup_hash = ANY(?) AND deleted_at IS NULL
       UNION SELECT lookup_hash FROM license_key WHERE lookup_hash = ANY(?) AND deleted_at IS NULL`,
      [[...seen.keys()], [...seen.keys()]]
    )
    for (const { lookup_hash } of known) duplicates.push(seen.get(lookup_hash)!)
    if (duplicates.length) return { added: 0, duplicates: duplicates.sort((a, b) => a - b) }
    for (let i = 0; i < keys.length; i += 500) {
      const chunk = keys.slice(i, i + 500)
      await runSql(
        sharedContext,
        `INSERT INTO license_pool_key (id, variant_id, ciphertext, lookup_hash, hint, created_at, updated_at)
         VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, clock_timestamp(), now())").join(", ")}`,
        chunk.flatMap((k) => [generateEntityId(undefined, "lpool"), variantId, k.ciphertext, k.lookup_hash, k.hint])
      )
    }
    // New keys: the next time the pool runs low or dry is worth an alert again.
    await runSql(
      sharedContext,
      "UPDATE license_key_config SET pool_empty_alerted_at = NULL, pool_low_alerted_at = NULL, updated_at = now() WHERE variant_id = ? AND deleted_at IS NULL",
      [variantId]
    )
    return { added: keys.length, duplicates: [] }
  }

  async poolRemaining(variantId: string, sharedContext: Context): Promise<number> {
    const [row] = await runSql<{ n: number }>(
      sharedContext,
      "SELECT count(*)::int AS n FROM license_pool_key WHERE variant_id = ? AND used_at IS NULL AND deleted_at IS NULL",
      [variantId]
    )
    return row.n
  }

  async pendingCount(variantId: string, sharedContext: Context): Promise<number> {
    const [row] = await runSql<{ n: number }>(
      sharedContext,
      "SELECT count(*)::int AS n FROM license_key WHERE variant_id = ? AND state = 'pending' AND deleted_at IS NULL",
      [variantId]
    )
    return row.n
  }

  /** Claims one pool alert ("empty" or "low") of a variant: true once until the pool is refilled. */
  async claimPoolAlert(variantId: string, kind: "empty" | "low", sharedContext: Context): Promise<boolean> {
    const column = kind === "empty" ? "pool_empty_alerted_at" : "pool_low_alerted_at"
    const rows = await runSql(
      sharedContext,
      `UPDATE license_key_config SET ${column} = now(), updated_at = now() WHERE variant_id = ? AND ${column} IS NULL AND deleted_at IS NULL RETURNING id`,
      [variantId]
    )
    return rows.length > 0
  }
}
