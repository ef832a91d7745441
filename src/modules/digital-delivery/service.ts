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
import { grantStatusCaseSql, grantStatusSql, grantUsableSql } from "./lib/grant-rules"
import { resolveOptions, type ResolvedOptions } from "./lib/options"
import { signLink, verifyLink, type LinkClaims } from "./lib/token"
import type { RangeSpec } from "./lib/http-range"
import type {
  DigitalOrderFilters,
  DigitalOrderRow,
  GrantListFilters,
  GrantListRow,
  ConsumeResult,
  DownloadEventInput,
  FileVersionInput,
  GrantLineInput,
  IssuedGrant,
} from "./types"

type InjectedDependencies = { logger: Logger; manager: SqlEntityManager }

/** A row of CONSUME_SQL as node-postgres returns it (a bigint column comes back as a string). */
type ConsumeRow = ConsumeResult["grant"] &
  Omit<ConsumeResult["asset"], "id" | "size" | "version"> & {
    asset_id: string
    asset_version: number
    size: string | number | null
    resume_window_minutes: number
    now: Date
    counted_count: number | null
  }

/**
 * The hot path's one statement: verify and count. Sent as a named prepared
 * statement ($n parameters), so PostgreSQL plans it once per connection.
 */
const CONSUME_SQL = `
WITH cur AS (
  SELECT g.id, g.token_version, g.enabled, g.revoked_at, g.expires_at, g.max_downloads,
         g.download_count, g.last_counted_at, g.order_id,
         a.id AS asset_id, a.kind, a.file_id, a.external_url, a.filename, a.mime_type,
         a.size, a.sha256, a.version AS asset_version, a.file_updated_at,
         COALESCE(
           (SELECT s.resume_window_minutes FROM delivery_settings s
             WHERE s.deleted_at IS NULL ORDER BY s.created_at LIMIT 1),
           CAST($6 AS integer)
         ) AS resume_window_minutes,
         CASE WHEN CAST($4 AS bigint) IS NOT NULL
              THEN GREATEST(COALESCE(a.size, 0) - CAST($4 AS bigint), 0)
              ELSE COALESCE(CAST($3 AS bigint), 0) END AS start_byte
  FROM download_grant g
  JOIN digital_asset a ON a.id = g.asset_id AND a.deleted_at IS NULL
  WHERE g.id = CAST($1 AS text) AND g.deleted_at IS NULL
),
upd AS (
  UPDATE download_grant g SET
    download_count = g.download_count + 1,
    first_download_at = COALESCE(g.first_download_at, now()),
    last_download_at = now(),
    last_counted_at = now(),
    ip_changes = g.ip_changes + CASE WHEN g.last_ip IS NOT NULL AND g.last_ip IS DISTINCT FROM CAST($7 AS text) THEN 1 ELSE 0 END,
    last_ip = COALESCE(CAST($7 AS text), g.last_ip),
    updated_at = now()
  FROM cur
  WHERE g.id = CAST($1 AS text) AND CAST($5 AS boolean)
    AND g.token_version = CAST($2 AS integer) AND g.deleted_at IS NULL
    AND ${grantUsableSql("g")}
    AND (cur.size IS NULL OR cur.start_byte < cur.size)
    AND (cur.start_byte = 0 OR g.last_counted_at IS NULL
         OR g.last_counted_at <= now() - make_interval(mins => cur.resume_window_minutes))
  RETURNING g.download_count
)
SELECT cur.*, now() AS now, (SELECT download_count FROM upd) AS counted_count FROM cur`

/**
 * How long a download waits for a database connection before it is refused
 * with 503 (the database is restarting, the pool is exhausted): the buyer gets
 * a clear answer instead of a request hanging for the pool's own timeout.
 */
const HOT_PATH_ACQUIRE_TIMEOUT_MS = 5000

type PoolClient<C> = { acquireConnection(): Promise<C>; releaseConnection(conn: C): Promise<void> }

type Waiting = { deadline: number; ms: number; settled: boolean; reject: (err: Error) => void }

/**
 * Acquisitions still waiting for a connection. One sweeper (4 times a second,
 * only while some wait) refuses those past their deadline: no timer per request.
 */
const waiting = new Set<Waiting>()
let sweeper: NodeJS.Timeout | null = null

function sweep() {
  const now = Date.now()
  for (const w of waiting) {
    if (w.deadline > now) continue
    waiting.delete(w)
    w.settled = true
    w.reject(new Error(`no database connection within ${w.ms} ms`))
  }
  if (!waiting.size && sweeper) {
    clearInterval(sweeper)
    sweeper = null
  }
}

/**
 * A pooled connection, or an error once `ms` have passed (within 250 ms). A
 * connection that arrives after the deadline goes straight back to the pool:
 * the statement the caller gave up on never runs later (it would count a
 * download the buyer was told was not counted).
 */
function acquireWithin<C>(client: PoolClient<C>, ms: number): Promise<C> {
  return new Promise<C>((resolve, reject) => {
    const w: Waiting = { deadline: Date.now() + ms, ms, settled: false, reject }
    waiting.add(w)
    if (!sweeper) {
      sweeper = setInterval(sweep, 250)
      sweeper.unref()
    }
    client.acquireConnection().then(
      (conn) => {
        if (w.settled) return void client.releaseConnection(conn).catch(() => undefined)
        w.settled = true
        waiting.delete(w)
        resolve(conn)
      },
      (err: Error) => {
        if (w.settled) return
        w.settled = true
        waiting.delete(w)
        reject(err)
      }
    )
  })
}

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
  "download_count",
  "token_version",
  "delivered_at",
  "first_download_at",
  "last_download_at",
  "ip_changes",
  "created_at",
  "updated_at",
]

const SORTABLE = new Set(["created_at", "updated_at", "expires_at", "download_count", "last_download_at", "delivered_at", "email"])

function parseOrder(order: string | undefined): [string, "asc" | "desc"] {
  if (!order) return ["created_at", "desc"]
  const desc = order.startsWith("-")
  const field = desc ? order.slice(1) : order
  return SORTABLE.has(field) ? [field, desc ? "desc" : "asc"] : ["created_at", "desc"]
}

/**
 * Event ids: time-ordered and unique (80 random bits per millisecond) without
 * the 16 random draws a ulid costs, which showed on the download hot path.
 */
function eventId(): string {
  return `dlevt_${Date.now().toString(36).padStart(9, "0")}${crypto.randomBytes(10).toString("hex")}`
}

const SETTINGS_ID = "ddset_store"
const EVENT_BATCH_MS = 50
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

const EVENT_COLUMNS =
  "id, grant_id, outcome, counted, bytes_sent, raw_bytes_sent, range, status, ip, user_agent, created_at, updated_at"

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
  protected eventQueue_: { event: DownloadEventInput; done: () => void }[] = []
  protected eventTimer_: NodeJS.Timeout | null = null

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
  protected async prepared<T = Record<string, unknown>>(name: string, text: string, values: unknown[]): Promise<T[]> {
    // The module's root entity manager: no per-call fork on the hot path.
    type Conn = { query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: T[] }> }
    const client = this.manager_.getKnex().client as PoolClient<Conn>
    const conn = await acquireWithin(client, HOT_PATH_ACQUIRE_TIMEOUT_MS)
    try {
      return (await conn.query({ name, text, values })).rows
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
      return "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 1, now(), now())"
    })
    return await this.sql<IssuedGrant>(
      sharedContext,
      `INSERT INTO download_grant
         (id, order_id, line_item_id, asset_id, customer_id, email, max_downloads,
          expires_at, delivered_at, enabled, download_count, token_version, created_at, updated_at)
       VALUES ${rows.join(", ")}
       ON CONFLICT (line_item_id, asset_id) DO NOTHING
       RETURNING id, order_id, line_item_id, asset_id, customer_id, email, max_downloads,
                 expires_at, delivered_at, enabled, token_version`,
      values
    )
  }

  /**
   * Verifies the grant and, when the request counts, increments the counter in
   * the same statement: enabled, not revoked, not expired, under the limit and
   * for the link's token_version. PostgreSQL re-checks the WHERE clause on the
   * locked row, so concurrent requests can never pass the limit.
   */
  async consumeDownload(
    input: {
      grant_id: string
      token_version: number
      range: RangeSpec | null
      may_count: boolean
      /** the client's address: recorded on counted downloads */
      ip?: string | null
    }
  ): Promise<ConsumeResult | null> {
    const range = input.range
    const rows = await this.prepared<ConsumeRow>("dd_consume_v2", CONSUME_SQL, [
      input.grant_id,
      input.token_version,
      range && "start" in range ? range.start : null,
      range && "suffix" in range ? range.suffix : null,
      input.may_count,
      this.options_.resume_window_minutes,
      input.ip ?? null,
    ])
    const row = rows[0]
    if (!row) {
      return null
    }
    return {
      grant: {
        id: row.id,
        order_id: row.order_id,
        token_version: row.token_version,
        enabled: row.enabled,
        revoked_at: row.revoked_at,
        expires_at: row.expires_at,
        max_downloads: row.max_downloads,
        download_count: row.download_count,
        last_counted_at: row.last_counted_at,
      },
      asset: {
        id: row.asset_id,
        kind: row.kind,
        file_id: row.file_id,
        external_url: row.external_url,
        filename: row.filename,
        mime_type: row.mime_type,
        size: row.size == null ? null : Number(row.size),
        sha256: row.sha256,
        version: row.asset_version,
        file_updated_at: row.file_updated_at,
      },
      resume_window_minutes: row.resume_window_minutes,
      now: row.now,
      counted: row.counted_count != null,
      download_count:
        row.counted_count != null ? row.counted_count : row.download_count,
    }
  }

  /** Gives a counted download back, e.g. when the storage failed before any byte was sent. */
  @InjectManager()
  async refundDownload(grantId: string, @MedusaContext() sharedContext: Context = {}) {
    await this.sql(
      sharedContext,
      `UPDATE download_grant SET download_count = GREATEST(download_count - 1, 0), updated_at = now() WHERE id = ?`,
      [grantId]
    )
  }

  /**
   * The admin grant list: filters on the grant columns and on the computed
   * status, free-text search, whitelisted sorting. Returns the page and the total.
   */
  @InjectManager()
  async listGrantsForAdmin(
    filters: GrantListFilters,
    page: { limit: number; offset: number; order?: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<[GrantListRow[], number]> {
    const manager = sharedContext.manager as SqlEntityManager
    const knex = manager.getKnex()
    const base = knex("download_grant as g")
      .join("digital_asset as a", "a.id", "g.asset_id")
      .whereNull("g.deleted_at")
    for (const key of ["id", "order_id", "customer_id", "asset_id", "line_item_id"] as const) {
      const value = filters[key]
      if (value) {
        if (Array.isArray(value)) {
          base.whereIn(`g.${key}`, value)
        } else {
          base.where(`g.${key}`, value)
        }
      }
    }
    if (filters.email) {
      base.where("g.email", filters.email.trim().toLowerCase())
    }
    if (filters.status?.length) {
      base.where((qb) => {
        for (const status of filters.status!) {
          qb.orWhereRaw(STATUS_SQL[status])
        }
      })
    }
    if (filters.q && /^[^\s@]+@[^\s@]+$/.test(filters.q.trim())) {
      // A whole email address: an indexed lookup.
      base.where("g.email", filters.q.trim().toLowerCase())
    } else if (filters.q) {
      const like = `%${filters.q.replace(/[\\%_]/g, (c) => "\\" + c)}%`
      base.where((qb) =>
        qb
          .whereILike("g.email", like)
          .orWhere("g.order_id", filters.q!)
          .orWhere("g.id", filters.q!)
          .orWhereILike("a.filename", like)
          .orWhereILike("a.title", like)
      )
    }
    const [{ count }] = await base.clone().clearSelect().count<{ count: string }[]>({ count: "*" })
    const [field, direction] = parseOrder(page.order)
    const rows = await base
      .clone()
      .select([
        ...GRANT_LIST_COLUMNS.map((c) => `g.${c}`),
        "a.title as asset_title",
        "a.filename as asset_filename",
        "a.kind as asset_kind",
        "a.size as asset_size",
        knex.raw(`${STATUS_CASE_SQL} as status`),
        knex.raw(`${SUSPICIOUS_SQL} as suspicious`),
      ])
      .orderBy([{ column: `g.${field}`, order: direction, nulls: "last" }, { column: "g.id", order: direction }])
      .limit(page.limit)
      .offset(page.offset)
    return [rows as GrantListRow[], Number(count)]
  }

  /**
   * The merchant's "Digital deliveries" list: one row per order with digital
   * goods, newest first, with its grants summed up. Status filters keep orders
   * having at least one grant in that state; `awaiting_payment` keeps orders
   * not delivered yet; `suspicious` keeps orders whose grants, in the last 7
   * days, were downloaded from 5+ addresses or refused 10+ times.
   */
  @InjectManager()
  async listDigitalOrdersForAdmin(
    filters: DigitalOrderFilters,
    page: { limit: number; offset: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<[DigitalOrderRow[], number]> {
    const manager = sharedContext.manager as SqlEntityManager
    const knex = manager.getKnex()
    const base = knex("digital_order as o").whereNull("o.deleted_at")
    if (filters.order_id) base.where("o.order_id", filters.order_id)
    if (filters.customer_id) base.where("o.customer_id", filters.customer_id)
    if (filters.q) {
      const q = filters.q.trim()
      const number = /^#?(\d{1,9})$/.exec(q)
      if (/^[^\s@]+@[^\s@]+$/.test(q)) {
        base.where("o.email", q.toLowerCase()) // a whole email address: an indexed lookup
      } else if (number) {
        base.where("o.display_id", Number(number[1]))
      } else {
        base.where((qb) =>
          qb.whereILike("o.email", `%${q.replace(/[\\%_]/g, (c) => "\\" + c)}%`).orWhere("o.order_id", q)
        )
      }
    }
    for (const status of filters.status ?? []) {
      if (status === "awaiting_payment") {
        base.whereNull("o.delivered_at").whereNull("o.canceled_at")
      } else if (status === "suspicious") {
        base.whereRaw(`o.order_id IN (SELECT g.order_id FROM download_grant g WHERE g.deleted_at IS NULL AND ${SUSPICIOUS_SQL})`)
      } else {
        // A semi-join from the grants side: one pass over the grants, whatever the page.
        base.whereRaw(`o.order_id IN (SELECT g.order_id FROM download_grant g WHERE g.deleted_at IS NULL AND ${STATUS_SQL[status]})`)
      }
    }
    const [{ count }] = await base.clone().count<{ count: string }[]>({ count: "*" })
    const rows = await base
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
        knex.raw(`agg.*`)
      )
      .joinRaw(
        `LEFT JOIN LATERAL (
           SELECT count(*)::int AS grant_count,
                  coalesce(sum(g.download_count), 0)::int AS download_count,
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
      .limit(page.limit)
      .offset(page.offset)
    return [rows as DigitalOrderRow[], Number(count)]
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
   * Queues a download event: events are written in batches (one INSERT every
   * 50 ms, or at once when 200 are waiting), off the download's hot path. The
   * promise resolves when the event is written; it never rejects.
   */
  queueDownloadEvent(event: DownloadEventInput): Promise<void> {
    return new Promise((resolve) => {
      this.eventQueue_.push({ event, done: resolve })
      if (this.eventQueue_.length >= EVENT_BATCH_MAX) {
        void this.flushDownloadEvents()
      } else if (!this.eventTimer_) {
        this.eventTimer_ = setTimeout(() => void this.flushDownloadEvents(), EVENT_BATCH_MS)
        this.eventTimer_.unref?.()
      }
    })
  }

  /** Writes every queued event now (also called when the application shuts down). */
  async flushDownloadEvents(): Promise<void> {
    if (this.eventTimer_) {
      clearTimeout(this.eventTimer_)
      this.eventTimer_ = null
    }
    const batch = this.eventQueue_.splice(0, this.eventQueue_.length)
    if (!batch.length) return
    try {
      await this.recordDownloadEvents(batch.map((b) => b.event))
    } catch (err) {
      this.logger_.error(`digital-delivery: could not write ${batch.length} download event(s): ${(err as Error).message}`)
    } finally {
      for (const b of batch) b.done()
    }
  }

  /** Appends download events with one INSERT. */
  @InjectManager()
  async recordDownloadEvents(
    events: DownloadEventInput[],
    @MedusaContext() sharedContext: Context = {}
  ) {
    if (!events.length) {
      return
    }
    const values: unknown[] = []
    const rows = events.map((e) => {
      const bytes = e.bytes_sent ?? null
      values.push(
        eventId(),
        e.grant_id ?? null,
        e.outcome,
        e.counted ?? false,
        bytes,
        bytes == null ? null : JSON.stringify({ value: String(bytes), precision: 20 }),
        e.range ?? null,
        e.status ?? null,
        e.ip ? e.ip.slice(0, 64) : null,
        e.user_agent ? e.user_agent.slice(0, 512) : null,
        e.created_at ?? new Date()
      )
      return "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())"
    })
    await this.sql(
      sharedContext,
      `INSERT INTO download_event (${EVENT_COLUMNS}) VALUES ${rows.join(", ")}`,
      values
    )
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
      `INSERT INTO delivery_settings (id, default_max_downloads, default_validity_days, resume_window_minutes)
       VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      [
        SETTINGS_ID,
        this.options_.default_max_downloads,
        this.options_.default_validity_days,
        this.options_.resume_window_minutes,
      ]
    )
    return await this.retrieveDeliverySetting(SETTINGS_ID, {}, sharedContext)
  }
}

export default DigitalDeliveryModuleService
