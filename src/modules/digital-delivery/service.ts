import {
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
  MedusaService,
  generateEntityId,
} from "@medusajs/framework/utils"
import type { Context, Logger } from "@medusajs/framework/types"
import crypto from "crypto"
import type { Knex, SqlEntityManager } from "@medusajs/framework/mikro-orm/knex"
import {
  DeliverySettings,
  DigitalOrder,
  DigitalAsset,
  DigitalAssetVersion,
  DownloadEvent,
  DownloadGrant,
} from "./models"
import { grantStatusCaseSql, grantStatusSql, grantUsableSql, underLimitWithReservationsSql } from "./utils/grant-rules"
import {
  afterPositionSql,
  decodeCursor,
  emailSearchSql,
  encodeCursor,
  EXACT_COUNT_LIMIT,
  isWholeEmail,
  likeContaining,
  type AdminListPageInfo,
} from "./utils/admin-list"
import { resolveOptions, type ResolvedOptions } from "./utils/options"
import { AcquireDeadlines, type PoolClient } from "./utils/connection-deadline"
import { signLink, verifyLink, type LinkClaims } from "./utils/link-signer"
import type {
  DigitalOrderFilters,
  DigitalOrderRow,
  GrantListFilters,
  GrantListRow,
  AdmissionInput,
  DownloadAdmission,
  DownloadEventInput,
  FileVersionInput,
  GrantLineInput,
  IssuedGrant,
  Settlement,
} from "./types"

type InjectedDependencies = { logger: Logger; manager: SqlEntityManager }

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
  cost: string | null
  reserved: "t" | "f"
}

/** Type parsers that parse nothing: columns stay PostgreSQL's text (no Date or number built for columns not read). */
const rawText = { getTypeParser: () => (value: string) => value }

/**
 * Exact decimal text of a value, for a numeric column's raw_* twin (Medusa's
 * getter reads the twin when the column is 0). `reserved` changes on every
 * request and its twin is never written: it stays at its default 0, which is
 * right whenever the column is 0, the only time the getter reads it.
 */
const raw = (expr: string) => `jsonb_build_object('value', (${expr})::text, 'precision', 20)`

/** Copies for `bytes` of a file of `size`: rounded up to 10⁻⁶, so usage never under-counts. */
const copiesSql = (bytes: string, size: string) => `round(ceil((${bytes})::numeric * 1000000 / (${size})) / 1000000, 6)`

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
 * length, $6 reserve?, $7 charge a whole copy?, $8 expected asset version, $9 ip.
 */
const ADMIT_SQL = `
WITH cur AS (
  SELECT g.id, g.token_version, g.enabled, g.revoked_at, g.expires_at, g.max_downloads,
         g.downloads_used, g.reserved, g.order_id,
         a.id AS asset_id, a.kind, a.file_id, a.external_url, a.filename, a.mime_type,
         a.size, a.sha256, a.version AS asset_version, a.file_updated_at,
         CASE
           WHEN a.kind <> 'file' THEN NULL
           WHEN CAST($5 AS bigint) IS NOT NULL THEN LEAST(CAST($5 AS bigint), COALESCE(a.size, 0))
           WHEN CAST($3 AS bigint) IS NOT NULL THEN
             CASE WHEN CAST($3 AS bigint) < COALESCE(a.size, 0)
                  THEN LEAST(COALESCE(CAST($4 AS bigint), a.size - 1), a.size - 1) - CAST($3 AS bigint) + 1
                  ELSE 0 END
           WHEN COALESCE(a.size, 0) = 0 THEN NULL
           ELSE a.size
         END AS length
  FROM download_grant g
  JOIN digital_asset a ON a.id = g.asset_id AND a.deleted_at IS NULL
  WHERE g.id = CAST($1 AS text) AND g.deleted_at IS NULL
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
  WHERE g.id = CAST($1 AS text) AND CAST($6 AS boolean) AND req.satisfiable
    AND g.token_version = CAST($2 AS integer) AND g.deleted_at IS NULL
    AND ${grantUsableSql("g")} AND ${underLimitWithReservationsSql("g")}
    AND (CAST($8 AS integer) IS NULL OR cur.asset_version = CAST($8 AS integer))
  RETURNING g.reserved
)
SELECT cur.id, cur.token_version, ${grantStatusCaseSql("cur")} AS status,
       cur.asset_id, cur.kind, cur.file_id, cur.external_url, cur.filename, cur.mime_type,
       cur.size, cur.sha256, cur.asset_version, cur.file_updated_at,
       req.cost, EXISTS (SELECT 1 FROM upd) AS reserved
FROM cur, req`

/**
 * One flush of the download queue: the events, and the settlements of the
 * requests that ended (each gives back its reservation and is charged the
 * copies it really sent, never more than it reserved). One statement, one
 * round trip, off the hot path.
 */
const FLUSH_SQL = `
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
    raw_downloads_used = ${raw("g.downloads_used + s.used")},
    bytes_sent = g.bytes_sent + s.bytes,
    raw_bytes_sent = ${raw("g.bytes_sent + s.bytes")},
    updated_at = now()
  FROM s WHERE g.id = s.id
  RETURNING g.id
)
INSERT INTO download_event (id, grant_id, outcome, counted, bytes_sent, raw_bytes_sent, range, status, ip, user_agent, created_at, updated_at)
SELECT e.id, e.grant_id, e.outcome, e.counted, e.bytes,
       CASE WHEN e.bytes IS NULL THEN NULL ELSE ${raw("e.bytes")} END,
       e.range, e.status, e.ip, e.user_agent, e.created_at, now()
FROM unnest(CAST($1 AS text[]), CAST($2 AS text[]), CAST($3 AS text[]), CAST($4 AS boolean[]), CAST($5 AS numeric[]),
            CAST($6 AS text[]), CAST($7 AS integer[]), CAST($8 AS text[]), CAST($9 AS text[]), CAST($10 AS timestamptz[]))
  AS e(id, grant_id, outcome, counted, bytes, range, status, ip, user_agent, created_at)`

/**
 * How long a download waits for a database connection before it is refused
 * with 503 (the database is restarting, the pool is exhausted): the buyer gets
 * a clear answer instead of a request hanging for the pool's own timeout.
 */
const HOT_PATH_ACQUIRE_TIMEOUT_MS = 5000

/** A grant's state, in the order a merchant reads it (lib/grant-rules). */
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

const SORTABLE = new Set(["created_at", "updated_at", "expires_at", "downloads_used", "last_download_at", "delivered_at", "email"])
/**
 * Sort columns that are never null: sorted without NULLS LAST, so that
 * `ORDER BY created_at DESC, id DESC` is read backwards from the
 * (created_at, id) index instead of sorting the table.
 */
const NEVER_NULL = new Set(["created_at", "updated_at", "downloads_used"])

/** A page of an admin list: rows, the total (exact while small, see lib/admin-list) and the next page's cursor. */
type AdminListPageRequest = { limit: number; offset?: number; cursor?: string }

function parseOrder(order: string | undefined): [string, "asc" | "desc"] {
  if (!order) return ["created_at", "desc"]
  const desc = order.startsWith("-")
  const field = desc ? order.slice(1) : order
  return SORTABLE.has(field) ? [field, desc ? "desc" : "asc"] : ["created_at", "desc"]
}

/**
 * Event ids: time-ordered and unique without a random draw per event (which
 * showed on the download hot path): the time, this process's random
 * 64-bit prefix, and a counter.
 */
const EVENT_ID_PREFIX = crypto.randomBytes(8).toString("hex")
let eventCounter = 0
function eventId(): string {
  eventCounter = (eventCounter + 1) % 2 ** 32
  return `dlevt_${Date.now().toString(36).padStart(9, "0")}${EVENT_ID_PREFIX}${eventCounter.toString(36).padStart(7, "0")}`
}

/** Asset ids a grant search lists inline; more matching assets are read by a subquery. */
const MAX_LISTED_ASSETS = 1000

const SETTINGS_ID = "ddset_store"
/**
 * Download records wait at most this long to be written with others. A
 * request that ended early gives back part of its reservation, which holds
 * part of the grant's allowance until it is written: short, so a buyer who
 * resumes at once finds it settled. A request that sent what it reserved
 * gives nothing back (its reservation becomes usage), and a refusal settles
 * nothing: their records can wait longer, in bigger batches (fewer
 * statements per download on a busy store).
 */
const GIVE_BACK_BATCH_MS = 10
const EVENT_BATCH_MS = 100
const EVENT_BATCH_MAX = 200

function versionRow(assetId: string, version: number, file: FileVersionInput) {
  return {
    asset_id: assetId,
    version,
    file_id: file.file_id,
    filename: file.filename,
    mime_type: file.mime_type,
    size: file.size,
    sha256: file.sha256 ?? null,
  }
}

const FLUSH_ATTEMPTS = 30
const FLUSH_RETRY_MS = 1000

type QueuedDownload = { event: DownloadEventInput; settlement: Settlement | null; done: () => void; attempts: number }

/** FLUSH_SQL's parameters: one array per column (the statement's text never changes, so it is prepared once). */
function flushParameters(batch: QueuedDownload[]): unknown[] {
  const columns: unknown[][] = Array.from({ length: 15 }, () => [])
  for (const { event: e, settlement: s } of batch) {
    columns[0].push(eventId())
    columns[1].push(e.grant_id ?? null)
    columns[2].push(e.outcome)
    columns[3].push(e.counted ?? false)
    columns[4].push(e.bytes_sent ?? null)
    columns[5].push(e.range ?? null)
    columns[6].push(e.status ?? null)
    columns[7].push(e.ip ? e.ip.slice(0, 64) : null)
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

class DigitalDeliveryModuleService extends MedusaService({
  DigitalAsset,
  DigitalAssetVersion,
  DownloadGrant,
  DownloadEvent,
  DeliverySetting: DeliverySettings,
  DigitalOrder,
}) {
  protected readonly options_: ResolvedOptions
  protected readonly logger_: Logger
  protected readonly manager_: SqlEntityManager
  protected readonly acquireDeadlines_ = new AcquireDeadlines()
  protected queue_: QueuedDownload[] = []
  protected queueTimer_: NodeJS.Timeout | null = null
  protected queueDueAt_ = 0
  /** Writes started and not finished yet: a flush waits for them too. */
  protected readonly writing_ = new Set<Promise<void>>()
  /** The timer's callback, bound to this instance when it is made. */
  protected readonly flushLater_ = () => void this.flushDownloadEvents()

  __hooks = {
    // Queued download events are written before the server stops.
    onApplicationPrepareShutdown: () => this.flushDownloadEvents(),
    onApplicationShutdown: () => this.flushDownloadEvents(),
  }

  constructor(deps: InjectedDependencies, options: unknown) {
    // MedusaService's constructor reads the container only.
    super(deps, options)
    this.logger_ = deps.logger
    this.manager_ = deps.manager
    this.options_ = resolveOptions(options)
    for (const warning of this.options_.deprecated) {
      deps.logger.warn(`medusa-plugin-digital-delivery: ${warning}`)
    }
    if (this.options_.secret_generated) {
      deps.logger.warn(
        "medusa-plugin-digital-delivery: no `secret` option set; using a random one for this process. " +
          "Download links will stop working when the server restarts. Set `secret` (required in production)."
      )
    }
  }

  /**
   * Runs one parameterized statement (bindings go to PostgreSQL as $n
   * parameters, never into the SQL text), inside the caller's transaction if any.
   */
  protected async sql<T = Record<string, unknown>>(
    sharedContext: Context,
    text: string,
    bindings: unknown[]
  ): Promise<T[]> {
    const manager = (sharedContext.transactionManager ??
      sharedContext.manager) as SqlEntityManager
    const query = manager.getKnex().raw(text, bindings as Knex.RawBinding[])
    const trx = manager.getTransactionContext()
    if (trx) {
      query.transacting(trx)
    }
    const result = (await query) as { rows: T[] }
    return result.rows
  }

  /**
   * Runs a named prepared statement on a pooled connection (outside any
   * transaction): for the download hot path, where parsing and planning the
   * same statement on every request would cost more than running it.
   */
  protected async prepared<T = Record<string, unknown>>(
    name: string,
    text: string,
    values: unknown[],
    types?: typeof rawText
  ): Promise<T[]> {
    // The module's root entity manager: no per-call fork on the hot path.
    type Conn = { query(q: { name: string; text: string; values: unknown[]; types?: typeof rawText }): Promise<{ rows: T[] }> }
    const client = this.manager_.getKnex().client as PoolClient<Conn>
    const conn = await this.acquireDeadlines_.acquire(client, HOT_PATH_ACQUIRE_TIMEOUT_MS)
    try {
      return (await conn.query({ name, text, values, types })).rows
    } finally {
      await client.releaseConnection(conn)
    }
  }

  /** How downloads leave the server (read on every download: no copy of the options). */
  get downloadMode(): ResolvedOptions["download_mode"] {
    return this.options_.download_mode
  }

  getOptions(): Omit<ResolvedOptions, "secret"> {
    const { secret: _secret, ...rest } = this.options_
    return rest
  }

  // ---------------------------------------------------------------- links

  signGrantToken(grant: { id: string; token_version: number }): string {
    return signLink(this.options_.secret, {
      id: grant.id,
      version: grant.token_version,
      kind: "grant",
    })
  }

  verifyGrantToken(token: string): LinkClaims | null {
    return verifyLink(this.options_.secret, token, "grant")
  }

  grantDownloadUrl(grant: { id: string; token_version: number }): string {
    return `${this.options_.backend_url}/digital-downloads/${this.signGrantToken(grant)}`
  }

  /** A link that works for a few minutes only: handed to logged-in customers. */
  shortLivedGrantUrl(grant: { id: string; token_version: number }): { url: string; expires_at: Date } {
    const seconds = this.options_.short_link_ttl_minutes * 60
    const token = signLink(
      this.options_.secret,
      { id: grant.id, version: grant.token_version, kind: "grant" },
      { expiresInSeconds: seconds }
    )
    return {
      url: `${this.options_.backend_url}/digital-downloads/${token}`,
      expires_at: new Date(Date.now() + seconds * 1000),
    }
  }

  /**
   * The guest order page: every file of the order, and a ZIP of all of them.
   * `version` is the order's link_version: a page link dies when it is bumped.
   */
  orderPageUrl(orderId: string, version: number): string {
    const token = signLink(this.options_.secret, { id: orderId, version, kind: "order" })
    return `${this.options_.backend_url}/digital-downloads/orders/${token}`
  }

  /**
   * The claims of an order page token that is still valid: signed by us and of
   * the order's current link_version (an order without a row is at version 1).
   */
  @InjectManager()
  async verifyOrderToken(token: string, @MedusaContext() sharedContext: Context = {}): Promise<LinkClaims | null> {
    const claims = verifyLink(this.options_.secret, token, "order")
    if (!claims) return null
    return claims.version === (await this.orderLinkVersion(claims.id, sharedContext)) ? claims : null
  }

  /** The order's current order page link version (1 until the merchant regenerates its links). */
  @InjectManager()
  async orderLinkVersion(orderId: string, @MedusaContext() sharedContext: Context = {}): Promise<number> {
    const [row] = await this.sql<{ link_version: number }>(
      sharedContext,
      "SELECT link_version FROM digital_order WHERE order_id = ? AND deleted_at IS NULL",
      [orderId]
    )
    return row?.link_version ?? 1
  }

  /**
   * Sets the order's link version (`by` added to it, or `to` exactly): every
   * order page and ZIP link signed for another version stops working.
   */
  @InjectTransactionManager()
  async setOrderLinkVersion(
    orderId: string,
    change: { by: number } | { to: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ previous: number; link_version: number }> {
    const [row] = await this.sql<{ previous: number; link_version: number }>(
      sharedContext,
      `UPDATE digital_order o SET link_version = ${"by" in change ? "o.link_version + CAST(? AS integer)" : "CAST(? AS integer)"}, updated_at = now()
         FROM digital_order old
        WHERE o.id = old.id AND o.order_id = ? AND o.deleted_at IS NULL
        RETURNING old.link_version AS previous, o.link_version`,
      ["by" in change ? change.by : change.to, orderId]
    )
    if (!row) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order ${orderId} has no digital deliveries`)
    }
    return row
  }

  libraryUrl(storefrontUrl?: string | null): string {
    return storefrontUrl || `${this.options_.backend_url}/digital-downloads/library`
  }

  // ---------------------------------------------------------------- assets

  /** Creates a file asset and its first version. */
  @InjectTransactionManager()
  async createFileAsset(
    input: FileVersionInput & {
      title?: string | null
      max_downloads?: number | null
      validity_days?: number | null
      metadata?: Record<string, unknown> | null
    },
    @MedusaContext() sharedContext: Context = {}
  ) {
    const asset = await this.createDigitalAssets(
      {
        title: input.title || input.filename,
        kind: "file",
        file_id: input.file_id,
        filename: input.filename,
        mime_type: input.mime_type,
        size: input.size,
        sha256: input.sha256 ?? null,
        version: 1,
        file_updated_at: new Date(),
        max_downloads: input.max_downloads ?? null,
        validity_days: input.validity_days ?? null,
        metadata: input.metadata ?? null,
      },
      sharedContext
    )
    await this.createDigitalAssetVersions(versionRow(asset.id, 1, input), sharedContext)
    return asset
  }

  /**
   * Makes a new file the asset's current version. Grants point at the asset, so
   * every existing link serves the new file. Returns the previous file so a
   * workflow can undo the change.
   */
  @InjectTransactionManager()
  async replaceAssetFile(
    assetId: string,
    input: FileVersionInput,
    @MedusaContext() sharedContext: Context = {}
  ) {
    const asset = await this.retrieveDigitalAsset(assetId, {}, sharedContext)
    if (asset.kind !== "file") {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Digital asset ${assetId} is an external link; it has no file to replace`
      )
    }
    const version = asset.version + 1
    await this.createDigitalAssetVersions(versionRow(asset.id, version, input), sharedContext)
    const updated = await this.updateDigitalAssets(
      {
        id: asset.id,
        file_id: input.file_id,
        filename: input.filename,
        mime_type: input.mime_type,
        size: input.size,
        sha256: input.sha256 ?? null,
        version,
        file_updated_at: new Date(),
      },
      sharedContext
    )
    return {
      asset: updated,
      previous: {
        file_id: asset.file_id as string,
        mime_type: asset.mime_type,
        size: Number(asset.size),
        sha256: asset.sha256,
        version: asset.version,
        file_updated_at: asset.file_updated_at,
      },
    }
  }

  /** Undoes replaceAssetFile: the previous file becomes current again. */
  @InjectTransactionManager()
  async restoreAssetFile(
    assetId: string,
    previous: {
      file_id: string
      mime_type: string
      size: number
      sha256: string | null
      version: number
      file_updated_at: Date | null
    },
    @MedusaContext() sharedContext: Context = {}
  ) {
    const versions = await this.listDigitalAssetVersions(
      { asset_id: assetId, version: { $gt: previous.version } },
      { select: ["id"] },
      sharedContext
    )
    await this.deleteDigitalAssetVersions(
      versions.map((v) => v.id),
      sharedContext
    )
    await this.updateDigitalAssets({ id: assetId, ...previous }, sharedContext)
  }

  // ---------------------------------------------------------------- grants

  /**
   * Issues one grant per (line item, asset). Existing grants are left as they
   * are (the unique index decides, so concurrent deliveries cannot duplicate).
   * Returns the grants this call created.
   */
  @InjectManager()
  async issueGrants(
    lines: GrantLineInput[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<IssuedGrant[]> {
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
    return await this.sql<IssuedGrant>(
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

  /**
   * Decides a download request and, when it will send bytes and the grant
   * admits it, reserves what it will send (ADMIT_SQL: one statement). Returns
   * null when the grant does not exist; `reservation` is null when nothing was
   * reserved (a read, a refusal, an unsatisfiable range).
   */
  async admitDownload(input: AdmissionInput): Promise<DownloadAdmission | null> {
    const range = input.range
    const rows = await this.prepared<AdmitRow>("dd_admit_v2", ADMIT_SQL, [
      input.grant_id,
      input.token_version,
      range && "start" in range ? range.start : null,
      range && "start" in range ? range.end : null,
      range && "suffix" in range ? range.suffix : null,
      input.reserve,
      input.whole,
      input.expected_version ?? null,
      input.ip ?? null,
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
    }
  }

  /**
   * The admin grant list: filters on the grant columns and on the computed
   * status, free-text search, whitelisted sorting (`order`, default
   * `-created_at`). Returns the page, the total and the page info (the total's
   * exactness and the next page's cursor): pages are read by keyset, the total
   * is exact up to EXACT_COUNT_LIMIT (lib/admin-list).
   */
  @InjectManager()
  async listGrantsForAdmin(
    filters: GrantListFilters,
    page: AdminListPageRequest & { order?: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<[GrantListRow[], number, AdminListPageInfo]> {
    const manager = sharedContext.manager as SqlEntityManager
    const knex = manager.getKnex()
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
      // A whole email address: an indexed lookup.
      filtered.where("g.email", filters.q.trim().toLowerCase())
    } else if (filters.q) {
      // Part of an email, an order or grant id, or part of the asset's file
      // name or title. Every branch is a condition on the grant's own columns,
      // so PostgreSQL can OR their indexes (trigram index on email, see
      // lib/admin-list) into one bitmap: assets are few and looked up first,
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
    const orderName = `${direction === "desc" ? "-" : ""}${field}`
    const nullable = !NEVER_NULL.has(field)
    const query = filtered
      .clone()
      .select([
        ...GRANT_LIST_COLUMNS.map((c) => `g.${c}`),
        "a.title as asset_title",
        "a.filename as asset_filename",
        "a.kind as asset_kind",
        "a.size as asset_size",
        knex.raw(`${STATUS_CASE_SQL} as status`),
        knex.raw(`${SUSPICIOUS_SQL} as suspicious`),
        knex.raw(`g.${field}::text as cursor_value`),
      ])
      .orderBy([{ column: `g.${field}`, order: direction, ...(nullable ? { nulls: "last" as const } : {}) }, { column: "g.id", order: direction }])
    if (page.cursor) {
      const after = afterPositionSql(`g.${field}`, "g.id", direction, decodeCursor(page.cursor, orderName), nullable)
      query.whereRaw(after.sql, after.bindings)
    } else if (page.offset) {
      query.offset(page.offset)
    }
    const rows = await query.limit(page.limit + 1)
    // numeric columns come back as text
    for (const row of rows) {
      row.downloads_used = Number(row.downloads_used)
      row.bytes_sent = Number(row.bytes_sent)
    }
    return this.adminListPage<GrantListRow>(knex, rows, page, filtered, (row) =>
      encodeCursor(orderName, { value: row.cursor_value ?? null, id: row.id })
    )
  }

  /**
   * The merchant's "Digital deliveries" list: one row per order with digital
   * goods, newest first, with its grants summed up. Status filters keep orders
   * having at least one grant in that state; `awaiting_payment` keeps orders
   * not delivered yet; `suspicious` keeps orders with a grant that looks shared
   * (SUSPICIOUS_SQL). Paged like the grant list (keyset on placed_at, order_id).
   */
  @InjectManager()
  async listDigitalOrdersForAdmin(
    filters: DigitalOrderFilters,
    page: AdminListPageRequest,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<[DigitalOrderRow[], number, AdminListPageInfo]> {
    const manager = sharedContext.manager as SqlEntityManager
    const knex = manager.getKnex()
    const filtered = knex("digital_order as o").whereNull("o.deleted_at")
    if (filters.order_id) filtered.where("o.order_id", filters.order_id)
    if (filters.customer_id) filtered.where("o.customer_id", filters.customer_id)
    if (filters.q) {
      const q = filters.q.trim()
      const number = /^#?(\d{1,9})$/.exec(q)
      if (isWholeEmail(q)) {
        filtered.where("o.email", q.toLowerCase()) // a whole email address: an indexed lookup
      } else if (number) {
        filtered.where("o.display_id", Number(number[1]))
      } else {
        // Part of an email (the trigram index where installed, see lib/admin-list) or an order id.
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
                  min(g.expires_at) AS expires_at,
                  max(g.last_download_at) AS last_download_at,
                  bool_or(${SUSPICIOUS_SQL}) AS suspicious,
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

  /**
   * Records (or refreshes) an order that holds digital goods, for the merchant's
   * list. Idempotent: one row per order; delivered_at and canceled_at are set once.
   */
  @InjectManager()
  async recordDigitalOrder(
    input: {
      order_id: string
      display_id?: number | null
      email?: string | null
      customer_id?: string | null
      payment_status?: string | null
      placed_at: Date
      delivered?: boolean
      canceled?: boolean
    },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string; inserted: boolean }> {
    const [row] = await this.sql<{ id: string; inserted: boolean }>(
      sharedContext,
      `INSERT INTO digital_order
         (id, order_id, display_id, email, customer_id, payment_status, placed_at, delivered_at, canceled_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, CASE WHEN ? THEN now() END, CASE WHEN ? THEN now() END, now(), now())
       ON CONFLICT (order_id) DO UPDATE SET
         display_id = COALESCE(EXCLUDED.display_id, digital_order.display_id),
         email = COALESCE(EXCLUDED.email, digital_order.email),
         customer_id = COALESCE(EXCLUDED.customer_id, digital_order.customer_id),
         payment_status = COALESCE(EXCLUDED.payment_status, digital_order.payment_status),
         delivered_at = COALESCE(digital_order.delivered_at, EXCLUDED.delivered_at),
         canceled_at = COALESCE(digital_order.canceled_at, EXCLUDED.canceled_at),
         updated_at = now()
       RETURNING id, (xmax = 0) AS inserted`,
      [
        generateEntityId(undefined, "dord"),
        input.order_id,
        input.display_id ?? null,
        input.email ? input.email.trim().toLowerCase() : null,
        input.customer_id ?? null,
        input.payment_status ?? null,
        input.placed_at,
        !!input.delivered,
        !!input.canceled,
      ]
    )
    return row
  }

  /**
   * Takes the grant's alert slot: true at most once an hour per grant, across
   * every server instance (one conditional UPDATE decides).
   */
  @InjectManager()
  async claimAlertSlot(grantId: string, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    const rows = await this.sql(
      sharedContext,
      `UPDATE download_grant SET last_alert_at = now()
        WHERE id = ? AND (last_alert_at IS NULL OR last_alert_at <= now() - interval '1 hour')
        RETURNING id`,
      [grantId]
    )
    return rows.length > 0
  }

  /** Marks a grant as suspicious (unusual refusals); the Digital deliveries list can filter on it. */
  @InjectManager()
  async flagSuspicious(grantId: string, @MedusaContext() sharedContext: Context = {}) {
    await this.sql(sharedContext, `UPDATE download_grant SET suspicious_at = now() WHERE id = ?`, [grantId])
  }

  /** Refused attempts on a grant in the last `minutes`. */
  @InjectManager()
  async countRecentDenials(
    grantId: string,
    minutes: number,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<number> {
    const [row] = await this.sql<{ count: string }>(
      sharedContext,
      `SELECT count(*) AS count FROM download_event
        WHERE grant_id = ? AND deleted_at IS NULL AND created_at > now() - make_interval(mins => ?)
          AND outcome IN ('invalid_link', 'disabled', 'revoked', 'expired', 'limit_reached')`,
      [grantId, minutes]
    )
    return Number(row?.count ?? 0)
  }

  /** Kills every link already sent for these grants; returns their new token_version. */
  @InjectManager()
  async bumpTokenVersion(
    grantIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string; token_version: number }[]> {
    return await this.sql<{ id: string; token_version: number }>(
      sharedContext,
      `UPDATE download_grant SET token_version = token_version + 1, updated_at = now()
        WHERE id = ANY(CAST(? AS text[])) AND deleted_at IS NULL RETURNING id, token_version`,
      [grantIds]
    )
  }

  /**
   * Records how a download request ended: its event and, when it reserved,
   * its settlement (the reservation given back, the bytes really sent
   * charged). Written in batches (one statement within 10 ms when the request
   * gives back part of its reservation, within 100 ms otherwise, at once when
   * 200 are waiting), off the download's hot path; a reservation stays held
   * until its settlement is written, so admission stays on the safe side. The
   * promise resolves when it is written; it never rejects.
   */
  recordDownload(event: DownloadEventInput, settlement?: Settlement | null): Promise<void> {
    return new Promise((resolve) => {
      this.queue_.push({ event, settlement: settlement ?? null, done: resolve, attempts: 0 })
      if (this.queue_.length >= EVENT_BATCH_MAX) {
        void this.flushDownloadEvents()
      } else {
        const givesBack = !!settlement && !settlement.whole && event.outcome !== "served"
        this.scheduleFlush(givesBack ? GIVE_BACK_BATCH_MS : EVENT_BATCH_MS)
      }
    })
  }

  /** Flushes the queue in `ms`, unless a flush is already due sooner. */
  protected scheduleFlush(ms: number) {
    const due = Date.now() + ms
    if (this.queueTimer_) {
      if (this.queueDueAt_ <= due) return
      clearTimeout(this.queueTimer_)
    }
    const timer = setTimeout(this.flushLater_, ms)
    timer.unref?.()
    this.queueTimer_ = timer
    this.queueDueAt_ = due
  }

  /** A download event with nothing to settle (a refusal, a HEAD). */
  queueDownloadEvent(event: DownloadEventInput): Promise<void> {
    return this.recordDownload(event, null)
  }

  /**
   * Writes everything queued now and resolves once every record queued before
   * the call is written, including those a flush already in flight took (a
   * usage reset relies on it; also called when the application shuts down).
   * A batch the database refused is kept and tried again a second later, up
   * to 30 times: a settlement is a buyer's usage.
   */
  async flushDownloadEvents(): Promise<void> {
    if (this.queueTimer_) {
      clearTimeout(this.queueTimer_)
      this.queueTimer_ = null
    }
    const earlier = [...this.writing_]
    const batch = this.queue_.splice(0, this.queue_.length)
    if (batch.length) {
      const write = this.writeBatch(batch)
      this.writing_.add(write)
      void write.finally(() => this.writing_.delete(write))
      earlier.push(write)
    }
    await Promise.all(earlier)
  }

  /** One batch in one statement; never rejects. */
  protected async writeBatch(batch: QueuedDownload[]): Promise<void> {
    try {
      await this.prepared("dd_flush_v1", FLUSH_SQL, flushParameters(batch))
    } catch (err) {
      const kept = batch.filter((b) => ++b.attempts < FLUSH_ATTEMPTS)
      this.logger_.error(
        `digital-delivery: could not write ${batch.length} download record(s) (${kept.length} kept for a retry): ${(err as Error).message}`
      )
      for (const b of batch) if (b.attempts >= FLUSH_ATTEMPTS) b.done()
      if (kept.length) {
        this.queue_.unshift(...kept)
        this.scheduleFlush(FLUSH_RETRY_MS)
      }
      return
    }
    for (const b of batch) b.done()
  }

  /** Appends download events at once (no settlement): tests and tools. */
  async recordDownloadEvents(events: DownloadEventInput[]) {
    const written = Promise.all(events.map((e) => this.queueDownloadEvent(e)))
    await this.flushDownloadEvents()
    await written
  }

  // ---------------------------------------------------------------- settings

  /** The store's settings row, created from the plugin options the first time. */
  @InjectTransactionManager()
  async getSettings(@MedusaContext() sharedContext: Context = {}) {
    const [existing] = await this.listDeliverySettings(
      {},
      { take: 1, order: { created_at: "ASC" } },
      sharedContext
    )
    if (existing) {
      return existing
    }
    // A fixed id: two first reads at once cannot create two rows.
    await this.sql(
      sharedContext,
      `INSERT INTO delivery_settings (id, default_max_downloads, default_validity_days)
       VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      [SETTINGS_ID, this.options_.default_max_downloads, this.options_.default_validity_days]
    )
    return await this.retrieveDeliverySetting(SETTINGS_ID, {}, sharedContext)
  }
}

export default DigitalDeliveryModuleService
