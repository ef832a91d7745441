import {
  generateEntityId,
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
  MedusaService,
} from "@medusajs/framework/utils"
import type { Context, Logger } from "@medusajs/framework/types"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/knex"
import {
  DeliverySettings,
  DigitalAsset,
  DigitalAssetVersion,
  DigitalOrder,
  DigitalPreview,
  DownloadEvent,
  DownloadGrant,
  EmailUnsubscribe,
  GrantActivity,
  StampedCopy,
  UpdateCampaign,
  UpdateCampaignRecipient,
  LicenseActivation,
  LicenseKey,
  LicenseKeyConfig,
  LicensePoolKey,
} from "./models"
import {
  AssetReleaseSqlRepository,
  DeliverySettingsSqlRepository,
  DigitalOrderSqlRepository,
  DigitalPreviewSqlRepository,
  DownloadEventSqlRepository,
  DownloadGrantSqlRepository,
  GrantActivitySqlRepository,
  PagedListSqlRepository,
  SETTINGS_ID,
  UpdateCampaignSqlRepository,
  LicenseKeySqlRepository,
  type ClaimedRecipient,
  type DigitalOrderInput,
  type PreviewOwner,
  type ServablePreview,
} from "./repositories"
import type { AdminListPage, AdminListPageRequest } from "./utils/admin-list"
import { DeadlineConnections } from "./utils/connection-deadline"
import { DownloadRecordWriter } from "./utils/download-record-writer"
import { LinkSigner, type LinkClaims } from "./utils/link-signer"
import { LicenseCrypto } from "./utils/license-crypto"
import { LicenseKeys } from "./utils/license-keys"
import { optionWarnings, resolveOptions, type ResolvedOptions } from "./utils/options"
import { fileColumns, previousFile, versionRow } from "./utils/asset-versions"
import { activityRow, changeActivities, type GrantChange } from "./utils/grant-activity"
import type {
  ActivityActor,
  AdmissionInput,
  AssetRelease,
  DigitalOrderFilters,
  DigitalOrderRow,
  DownloadAdmission,
  DownloadEventInput,
  FileAssetInput,
  FileVersionInput,
  GrantActivityInput,
  GrantLineInput,
  GrantTimelineEntry,
  GrantListFilters,
  GrantListRow,
  IssuedGrant,
  PreviewInput,
  PreviousAssetFile,
  ReleaseInput,
  Settlement,
} from "./types"

type InjectedDependencies = { logger: Logger; manager: SqlEntityManager }

type GrantRef = { id: string; token_version: number }

/**
 * The module's facade: MedusaService's CRUD for the sixteen models, and the
 * plugin's own operations, each delegating to what owns it: raw SQL to
 * repositories/, link signing, the hot path's connection deadline and the
 * download-record writer to utils/ (one instance of each per service).
 */
class DigitalDeliveryModuleService extends MedusaService({
  DigitalAsset,
  DigitalAssetVersion,
  DownloadGrant,
  DownloadEvent,
  DeliverySetting: DeliverySettings,
  DigitalOrder,
  GrantActivity,
  DigitalPreview,
  UpdateCampaign,
  UpdateCampaignRecipient,
  EmailUnsubscribe,
  LicenseKeyConfig,
  LicenseKey,
  LicensePoolKey,
  LicenseActivation,
  StampedCopy,
}) {
  protected readonly options_: ResolvedOptions
  protected readonly links_: LinkSigner
  protected readonly grants_: DownloadGrantSqlRepository
  protected readonly events_: DownloadEventSqlRepository
  protected readonly orders_ = new DigitalOrderSqlRepository()
  protected readonly settings_ = new DeliverySettingsSqlRepository()
  protected readonly lists_ = new PagedListSqlRepository()
  protected readonly activity_ = new GrantActivitySqlRepository()
  protected readonly releases_ = new AssetReleaseSqlRepository()
  protected readonly previews_ = new DigitalPreviewSqlRepository()
  protected readonly campaigns_ = new UpdateCampaignSqlRepository()
  protected readonly records_: DownloadRecordWriter
  protected readonly licenses_: LicenseKeys

  __hooks = {
    // Queued download records are written before the server stops.
    onApplicationPrepareShutdown: () => this.records_.flush(),
    onApplicationShutdown: () => this.records_.flush(),
  }

  constructor(deps: InjectedDependencies, options: unknown) {
    // MedusaService's constructor reads the container only.
    super(deps, options)
    this.options_ = resolveOptions(options)
    this.links_ = new LinkSigner(this.options_.secret)
    this.licenses_ = new LicenseKeys(new LicenseKeySqlRepository(), new LicenseCrypto(this.options_.secret))
    const connections = new DeadlineConnections(deps.manager)
    this.grants_ = new DownloadGrantSqlRepository(connections)
    this.events_ = new DownloadEventSqlRepository(connections)
    this.records_ = new DownloadRecordWriter((batch) => this.events_.write(batch), deps.logger)
    for (const warning of optionWarnings(this.options_)) {
      deps.logger.warn(`medusa-plugin-digital-delivery: ${warning}`)
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

  signGrantToken(grant: GrantRef): string {
    return this.links_.sign({ id: grant.id, version: grant.token_version, kind: "grant" })
  }

  verifyGrantToken(token: string): LinkClaims | null {
    return this.links_.verify(token, "grant")
  }

  grantDownloadUrl(grant: GrantRef): string {
    return `${this.options_.backend_url}/digital-downloads/${this.signGrantToken(grant)}`
  }

  /** A link that works for a few minutes only: handed to logged-in customers. */
  shortLivedGrantUrl(grant: GrantRef): { url: string; expires_at: Date } {
    const seconds = this.options_.short_link_ttl_minutes * 60
    const token = this.links_.sign({ id: grant.id, version: grant.token_version, kind: "grant" }, { expiresInSeconds: seconds })
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
    const token = this.links_.sign({ id: orderId, version, kind: "order" })
    return `${this.options_.backend_url}/digital-downloads/orders/${token}`
  }

  /**
   * The claims of an order page token that is still valid: signed by us and of
   * the order's current link_version (an order without a row is at version 1).
   */
  @InjectManager()
  async verifyOrderToken(token: string, @MedusaContext() sharedContext: Context = {}): Promise<LinkClaims | null> {
    const claims = this.links_.verify(token, "order")
    if (!claims) return null
    return claims.version === (await this.orders_.linkVersion(claims.id, sharedContext)) ? claims : null
  }

  /** The order's current order page link version (1 until the merchant regenerates its links). */
  @InjectManager()
  async orderLinkVersion(orderId: string, @MedusaContext() sharedContext: Context = {}): Promise<number> {
    return await this.orders_.linkVersion(orderId, sharedContext)
  }

  /**
   * Sets the order's link version (`by` added to it, or `to` exactly): every
   * order page and ZIP link signed for another version stops working.
   */
  @InjectTransactionManager()
  async setOrderLinkVersion(orderId: string, change: { by: number } | { to: number }, @MedusaContext() sharedContext: Context = {}) {
    return await this.orders_.setLinkVersion(orderId, change, sharedContext)
  }

  /** An update email's unsubscribe link (one click, no login): names the recipient row, signed with the plugin's secret. */
  unsubscribeUrl(recipientId: string): string {
    return `${this.options_.backend_url}/digital-downloads/unsubscribe/${this.links_.sign({ id: recipientId, version: 1, kind: "unsubscribe" })}`
  }

  /** The recipient id of a valid unsubscribe token, else null. */
  verifyUnsubscribeToken(token: string): string | null {
    return this.links_.verify(token, "unsubscribe")?.id ?? null
  }

  libraryUrl(storefrontUrl?: string | null): string {
    return storefrontUrl || `${this.options_.backend_url}/digital-downloads/library`
  }

  // ---------------------------------------------------------------- assets

  /** Creates a file asset and its first version. */
  @InjectTransactionManager()
  async createFileAsset(input: FileAssetInput, @MedusaContext() sharedContext: Context = {}) {
    const asset = await this.createDigitalAssets(
      {
        title: input.title || input.filename,
        kind: "file",
        ...fileColumns(input),
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
   * Makes a new file the asset's current version (a release, with the
   * merchant's label and notes): every existing link serves it. Returns the
   * previous file so a workflow can undo the change.
   */
  @InjectTransactionManager()
  async replaceAssetFile(
    assetId: string,
    input: FileVersionInput,
    release: ReleaseInput = {},
    @MedusaContext() sharedContext: Context = {}
  ) {
    const asset = await this.retrieveDigitalAsset(assetId, {}, sharedContext)
    if (asset.kind !== "file") {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Digital asset ${assetId} is an external link; it has no file to replace`)
    }
    const version = asset.version + 1
    await this.createDigitalAssetVersions(versionRow(asset.id, version, input, release), sharedContext)
    const updated = await this.updateDigitalAssets(
      { id: asset.id, ...fileColumns(input), version, file_updated_at: new Date() },
      sharedContext
    )
    return { asset: updated, previous: previousFile(asset) }
  }

  /** Undoes replaceAssetFile: the previous file becomes current again. */
  @InjectTransactionManager()
  async restoreAssetFile(assetId: string, previous: PreviousAssetFile, @MedusaContext() sharedContext: Context = {}) {
    const versions = await this.listDigitalAssetVersions(
      { asset_id: assetId, version: { $gt: previous.version } },
      { select: ["id"] },
      sharedContext
    )
    await this.deleteDigitalAssetVersions(versions.map((v) => v.id), sharedContext)
    await this.updateDigitalAssets({ id: assetId, ...previous }, sharedContext)
  }

  /**
   * The releases buyers of these assets may download, newest first: each
   * asset's current release, and its earlier ones while it keeps them.
   */
  @InjectManager()
  async listBuyerReleases(assetIds: string[], @MedusaContext() sharedContext: Context = {}): Promise<AssetRelease[]> {
    return await this.releases_.buyerReleases([...new Set(assetIds)], sharedContext)
  }

  /**
   * A release's extra downloads: `extra` more on the limit of every current
   * grant of the asset (not revoked, not expired, not unlimited), and a
   * "limit changed" entry in each one's history, in one transaction. Returns
   * the grants raised and the entries, for a compensation (lowerReleaseLimits).
   */
  @InjectTransactionManager()
  async raiseReleaseLimits(
    assetId: string,
    extra: number,
    actor: ActivityActor,
    details: Record<string, unknown>,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ grant_ids: string[]; activity_ids: string[] }> {
    if (extra <= 0) return { grant_ids: [], activity_ids: [] }
    const raised = await this.releases_.raiseLimits(assetId, extra, sharedContext)
    const entries = await this.recordGrantActivity(
      raised.map((g) => ({
        grant_id: g.id,
        order_id: g.order_id,
        action: "limit_changed" as const,
        actor,
        change: { from: g.from, to: g.to },
        details: { ...details, extra_downloads: extra },
      })),
      sharedContext
    )
    return { grant_ids: raised.map((g) => g.id), activity_ids: entries.map((e) => e.id) }
  }

  /** Undoes raiseReleaseLimits: the limits lowered back, the entries removed. */
  @InjectTransactionManager()
  async lowerReleaseLimits(
    undo: { grant_ids: string[]; activity_ids: string[]; extra: number },
    @MedusaContext() sharedContext: Context = {}
  ) {
    await this.releases_.lowerLimits(undo.grant_ids, undo.extra, sharedContext)
    if (undo.activity_ids.length) await this.deleteGrantActivities(undo.activity_ids, sharedContext)
  }

  // ---------------------------------------------------------------- grants

  /**
   * Issues one grant per (line item, asset). Existing grants are left as they
   * are (the unique index decides, so concurrent deliveries cannot duplicate).
   * Returns the grants this call created.
   */
  @InjectManager()
  async issueGrants(lines: GrantLineInput[], @MedusaContext() sharedContext: Context = {}): Promise<IssuedGrant[]> {
    return await this.grants_.issue(lines, sharedContext)
  }

  /**
   * Decides a download request and, when it will send bytes and the grant
   * admits it, reserves what it will send (ADMIT_SQL: one statement). Returns
   * null when the grant does not exist; `reservation` is null when nothing was
   * reserved (a read, a refusal, an unsatisfiable range).
   */
  admitDownload(input: AdmissionInput): Promise<DownloadAdmission | null> {
    return this.grants_.admit(input)
  }

  /**
   * Grants with their asset and state: the Admin's list, an order's or a
   * customer's grants (Store API, library page). Filters, free-text search,
   * whitelisted sorting (`order`, default `-created_at`); returns the page, the
   * total and the page info (keyset pages, see utils/admin-list).
   */
  @InjectManager()
  async listGrants(
    filters: GrantListFilters,
    page: AdminListPageRequest & { order?: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<AdminListPage<GrantListRow>> {
    return await this.lists_.listGrants(filters, page, sharedContext)
  }

  /** The merchant's "Digital deliveries" list: one row per order with digital goods, newest first, its grants summed up. */
  @InjectManager()
  async listDigitalOrdersForAdmin(
    filters: DigitalOrderFilters,
    page: AdminListPageRequest,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<AdminListPage<DigitalOrderRow>> {
    return await this.lists_.listDigitalOrders(filters, page, sharedContext)
  }

  /**
   * Records (or refreshes) an order that holds digital goods, for the merchant's
   * list. Idempotent: one row per order; delivered_at and canceled_at are set once.
   */
  @InjectManager()
  async recordDigitalOrder(input: DigitalOrderInput, @MedusaContext() sharedContext: Context = {}) {
    return await this.orders_.record(input, sharedContext)
  }

  /**
   * Takes the grant's alert slot: true at most once an hour per grant, across
   * every server instance (one conditional UPDATE decides).
   */
  @InjectManager()
  async claimAlertSlot(grantId: string, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    return await this.grants_.claimAlertSlot(grantId, sharedContext)
  }

  /** Marks a grant as suspicious (unusual refusals); the Digital deliveries list can filter on it. */
  @InjectManager()
  async flagSuspicious(grantId: string, @MedusaContext() sharedContext: Context = {}) {
    await this.grants_.flagSuspicious(grantId, sharedContext)
  }

  /** Refused attempts on a grant in the last `minutes`. */
  @InjectManager()
  async countRecentDenials(grantId: string, minutes: number, @MedusaContext() sharedContext: Context = {}): Promise<number> {
    return await this.events_.countRecentDenials(grantId, minutes, sharedContext)
  }

  /** Kills every link already sent for these grants; returns their new token_version. */
  @InjectManager()
  async bumpTokenVersion(grantIds: string[], @MedusaContext() sharedContext: Context = {}) {
    return await this.grants_.bumpTokenVersion(grantIds, sharedContext)
  }

  // ---------------------------------------------------------------- grant history

  /**
   * Changes grants and writes what changed in their history (one entry per
   * value touched, with who did it), in one transaction: a change that fails
   * leaves no entry, and a change never lands without its entry. Returns the
   * grants after, the values before (for a compensation) and the entries' ids.
   */
  @InjectTransactionManager()
  async updateGrantsRecorded(
    updates: (GrantChange & { reserved?: number })[],
    actor: ActivityActor,
    details: Record<string, unknown> | null = null,
    @MedusaContext() sharedContext: Context = {}
  ) {
    const before = await this.listDownloadGrants(
      { id: updates.map((u) => u.id) },
      { select: ["id", "order_id", "enabled", "max_downloads", "downloads_used", "expires_at", "revoked_at"] },
      sharedContext
    )
    const grants = await this.updateDownloadGrants(updates, sharedContext)
    const entries = await this.recordGrantActivity(changeActivities(before, updates, actor, details), sharedContext)
    return { grants, before, activity_ids: entries.map((e) => e.id) }
  }

  /** Kills every link already sent for these grants and writes "link regenerated" in their history, in one transaction. */
  @InjectTransactionManager()
  async bumpTokenVersionRecorded(
    grantIds: string[],
    actor: ActivityActor,
    details: Record<string, unknown> | null = null,
    @MedusaContext() sharedContext: Context = {}
  ) {
    const bumped = await this.grants_.bumpTokenVersion(grantIds, sharedContext)
    const entries = await this.recordGrantActivity(
      bumped.map((g) => ({ grant_id: g.id, order_id: g.order_id, action: "link_regenerated" as const, actor, details })),
      sharedContext
    )
    return { bumped, activity_ids: entries.map((e) => e.id) }
  }

  /** Appends entries to grants' history (actions that are not a change of the grant row: emails, issued grants). */
  @InjectTransactionManager()
  async recordGrantActivity(entries: GrantActivityInput[], @MedusaContext() sharedContext: Context = {}) {
    if (!entries.length) return []
    return await this.createGrantActivities(entries.map(activityRow), sharedContext)
  }

  /** A grant's download attempts and the actions taken on it, one list newest first, in keyset pages. */
  @InjectManager()
  async listGrantTimeline(
    grantId: string,
    page: { limit: number; cursor?: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ entries: GrantTimelineEntry[]; next_cursor: string | null }> {
    return await this.activity_.timeline(grantId, page, sharedContext)
  }

  // ---------------------------------------------------------------- download records

  /**
   * Records how a download request ended: its event and, when it reserved,
   * its settlement (the reservation given back, the bytes really sent
   * charged). Batched by the DownloadRecordWriter; the promise resolves when
   * it is written and never rejects.
   */
  recordDownload(event: DownloadEventInput, settlement?: Settlement | null): Promise<void> {
    return this.records_.record(event, settlement)
  }

  /** A download event with nothing to settle (a refusal, a HEAD). */
  queueDownloadEvent(event: DownloadEventInput): Promise<void> {
    return this.records_.record(event, null)
  }

  /** Writes every queued record now; resolves once those queued before the call (and writes in flight) are written. */
  flushDownloadEvents(): Promise<void> {
    return this.records_.flush()
  }

  /** Appends download events at once (no settlement): tests and tools. */
  async recordDownloadEvents(events: DownloadEventInput[]) {
    const written = Promise.all(events.map((e) => this.queueDownloadEvent(e)))
    await this.flushDownloadEvents()
    await written
  }

  // ---------------------------------------------------------------- previews

  /** The public URL of a preview (no token: previews are public). */
  previewUrl(id: string): string {
    return `${this.options_.backend_url}/digital-downloads/previews/${id}`
  }

  /** A preview the public route may serve, or null: reads the preview table only (and whether its asset still exists). */
  @InjectManager()
  async findServablePreview(id: string, @MedusaContext() sharedContext: Context = {}): Promise<ServablePreview | null> {
    return await this.previews_.findServable(id, sharedContext)
  }

  /** Creates a preview at the end of its owner's list. */
  @InjectTransactionManager()
  async createPreview(input: PreviewInput, @MedusaContext() sharedContext: Context = {}) {
    const owner: PreviewOwner = input.product_id ? { product_id: input.product_id } : { asset_id: input.asset_id! }
    const position = await this.previews_.nextPosition(owner, sharedContext)
    return await this.createDigitalPreviews({ ...input, product_id: input.product_id ?? null, asset_id: input.asset_id ?? null, position }, sharedContext)
  }

  /** Moves a preview to `position` (0-based) among its owner's previews; the others shift. */
  @InjectTransactionManager()
  async movePreview(id: string, position: number, @MedusaContext() sharedContext: Context = {}) {
    const preview = await this.retrieveDigitalPreview(id, { select: ["id", "product_id", "asset_id"] }, sharedContext)
    const owner: PreviewOwner = preview.product_id ? { product_id: preview.product_id } : { asset_id: preview.asset_id! }
    await this.previews_.move(id, owner, position, sharedContext)
  }

  // ---------------------------------------------------------------- update campaigns

  /** How many emails a campaign of the asset would send now (one per address; unsubscribed left out). */
  @InjectManager()
  async campaignAudience(assetId: string, includeExpired: boolean, @MedusaContext() sharedContext: Context = {}) {
    return await this.campaigns_.audience(assetId, includeExpired, sharedContext)
  }

  /**
   * Starts (or, with `reopen`, resumes and completes) the campaign of one
   * release and records its recipients, in one transaction: one row per
   * address, unique per campaign, so running it again adds only new buyers.
   */
  @InjectTransactionManager()
  async startUpdateCampaign(
    input: { asset_id: string; version: number; include_expired: boolean; started_by: string | null; reopen: boolean },
    @MedusaContext() sharedContext: Context = {}
  ) {
    const campaign = await this.campaigns_.upsert({ id: generateEntityId(undefined, "dcamp"), ...input }, sharedContext)
    const recorded = campaign.inserted || input.reopen
      ? await this.campaigns_.recordRecipients(campaign.id, campaign.asset_id, campaign.include_expired, sharedContext)
      : 0
    return { campaign, created: campaign.inserted, recorded }
  }

  /** Claims recipients for one job run (see UpdateCampaignSqlRepository.claim). */
  @InjectTransactionManager()
  async claimCampaignRecipients(
    input: { perMinute: number | null; limit?: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ClaimedRecipient[]> {
    const { batch_size, lease_seconds } = this.options_.update_campaigns
    return await this.campaigns_.claim({ limit: input.limit ?? batch_size, perMinute: input.perMinute, leaseSeconds: lease_seconds }, sharedContext)
  }

  /** Settles one claimed recipient; a failure is retried after the configured delays, then marked failed. */
  @InjectManager()
  async settleCampaignRecipient(
    claim: { id: string; attempts: number },
    outcome:
      | { status: "sent"; notification_id: string | null }
      | { status: "failed"; error: string }
      | { status: "unsubscribed" | "skipped"; error?: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    if (outcome.status !== "failed") return await this.campaigns_.settle(claim, outcome, sharedContext)
    const delays = this.options_.update_campaigns.retry_delays_seconds
    const retryInSeconds = claim.attempts <= delays.length ? delays[claim.attempts - 1] : null
    return await this.campaigns_.settle(claim, { status: "retry", error: outcome.error, retryInSeconds }, sharedContext)
  }

  @InjectManager()
  async retryFailedCampaignRecipients(campaignId: string, @MedusaContext() sharedContext: Context = {}) {
    return await this.campaigns_.retryFailed(campaignId, sharedContext)
  }

  @InjectManager()
  async completeFinishedCampaigns(@MedusaContext() sharedContext: Context = {}) {
    return await this.campaigns_.completeFinished(sharedContext)
  }

  @InjectManager()
  async campaignCounts(campaignIds: string[], @MedusaContext() sharedContext: Context = {}) {
    return await this.campaigns_.counts(campaignIds, sharedContext)
  }

  /** No more update emails to this address (delivery emails still go). Returns whether it is new. */
  @InjectManager()
  async unsubscribeEmail(
    input: { email: string; source: "one_click" | "page"; recipient_id?: string | null },
    @MedusaContext() sharedContext: Context = {}
  ) {
    return await this.campaigns_.unsubscribe(input.email, input.source, input.recipient_id ?? null, sharedContext)
  }

  @InjectManager()
  async isEmailUnsubscribed(email: string, @MedusaContext() sharedContext: Context = {}) {
    return await this.campaigns_.isUnsubscribed(email, sharedContext)
  }

  // ---------------------------------------------------------------- license keys
  // The logic lives in utils/license-keys.ts; these give it a manager or a transaction.

  /** The license-key engine (crypto, issuing, activations); every method takes the shared context. */
  get licenseKeys(): LicenseKeys {
    return this.licenses_
  }

  /** Runs `fn` with a manager (reads, single statements). */
  @InjectManager()
  async withLicenseManager<T>(fn: (sharedContext: Context) => Promise<T>, @MedusaContext() sharedContext: Context = {}): Promise<T> {
    return await fn(sharedContext)
  }

  /** Runs `fn` in one transaction (or the caller's). */
  @InjectTransactionManager()
  async inLicenseTransaction<T>(fn: (sharedContext: Context) => Promise<T>, @MedusaContext() sharedContext: Context = {}): Promise<T> {
    return await fn(sharedContext)
  }

  // ---------------------------------------------------------------- settings

  /** The store's settings row, created from the plugin options the first time. */
  @InjectTransactionManager()
  async getSettings(@MedusaContext() sharedContext: Context = {}) {
    const [existing] = await this.listDeliverySettings({}, { take: 1, order: { created_at: "ASC" } }, sharedContext)
    if (existing) {
      return existing
    }
    await this.settings_.createOnce(this.options_, sharedContext)
    return await this.retrieveDeliverySetting(SETTINGS_ID, {}, sharedContext)
  }
}

export default DigitalDeliveryModuleService
