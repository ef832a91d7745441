import type { Context } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import type {
  LicenseKeyConfigInput,
  LicenseKeyConfigRow,
  LicenseKeyRow,
  LicenseKeySqlRepository,
  LicenseState,
  NewLicenseKey,
} from "../repositories/license-key"
import { DEFAULT_PATTERN, generateKey, keyHint, normalizeKey, type LicenseCrypto } from "./license-crypto"

/** An order line that may be owed keys: one per unit. */
export type LicenseLine = {
  order_id: string
  line_item_id: string
  variant_id: string
  quantity: number
  grant_id: string | null
  email: string | null
}

export type IssuedLicenseKeys = {
  /** every key this run inserted (active or pending): what a compensation removes */
  ids: string[]
  /** pool variants this run took keys from or left keys pending for: [variant, pending left] */
  pool_variants: { variant_id: string; pending: number }[]
}

/** A pool key ready to store: never the key in clear. */
export type SealedPoolKey = { line: number; ciphertext: string; lookup_hash: string; hint: string }

/** One key as the buyer sees it: the key, or null while it waits for the pool. */
export type BuyerLicenseKey = {
  id: string
  line_item_id: string
  variant_id: string
  unit_index: number
  state: "active" | "pending"
  key: string | null
}

/** One key as the merchant's list shows it: masked. */
export type AdminLicenseKey = Omit<LicenseKeyRow, "ciphertext" | "hint"> & { masked_key: string | null }

/** A key row as the merchant's lists show it: no ciphertext, the hint as "••••-7K2Q". */
export function maskedKey({ ciphertext: _c, hint, ...row }: LicenseKeyRow): AdminLicenseKey {
  return { ...row, masked_key: hint ? `••••-${hint}` : null }
}

/** What the activation API signs about a key. */
export type LicenseStatus = {
  id: string
  state: LicenseState
  product_variant_id: string
  limit: number
  activations: { instance: string; activated_at: string }[]
}

export type ActivationOutcome = "activated" | "already_active" | "deactivated" | "not_active" | "valid" | "limit_reached" | "revoked"

/**
 * License keys: issuing (generated or from the pool), the buyer's and the
 * merchant's views, pools, and activations. The service gives each method its
 * manager or transaction (`sharedContext`); nothing here logs or returns a
 * key but the buyer's view and the merchant's explicit reveal.
 */
export class LicenseKeys {
  constructor(
    private readonly sql: LicenseKeySqlRepository,
    readonly crypto: LicenseCrypto
  ) {}

  configs(variantIds: string[], ctx: Context): Promise<LicenseKeyConfigRow[]> {
    return this.sql.configs(variantIds, ctx)
  }

  /** The variant's config (the defaults when it has none). */
  async config(variantId: string, ctx: Context): Promise<LicenseKeyConfigRow> {
    const [row] = await this.sql.configs([variantId], ctx)
    return row ?? { variant_id: variantId, source: "off", pattern: DEFAULT_PATTERN, activation_limit: 3, low_pool_threshold: 5 }
  }

  setConfig(variantId: string, input: LicenseKeyConfigInput, ctx: Context): Promise<LicenseKeyConfigRow> {
    return this.sql.upsertConfig(variantId, input, ctx)
  }

  private generated(key: Omit<NewLicenseKey, "source">, pattern: string): NewLicenseKey {
    const plain = generateKey(pattern)
    return { ...key, source: "generated", ciphertext: this.crypto.encrypt(plain), lookup_hash: this.crypto.lookupHash(plain), hint: keyHint(plain) }
  }

  /**
   * Issues the keys the lines are owed (a unit that has a key keeps it):
   * generated keys at once; pool keys from the oldest unused ones, and the
   * units the pool cannot serve as `pending`. Call in a transaction.
   */
  async issue(lines: LicenseLine[], ctx: Context): Promise<IssuedLicenseKeys> {
    const configs = new Map((await this.sql.configs([...new Set(lines.map((l) => l.variant_id))], ctx)).map((c) => [c.variant_id, c]))
    const keys: NewLicenseKey[] = []
    for (const line of lines) {
      const config = configs.get(line.variant_id)
      if (!config || config.source === "off") continue
      for (let unit = 0; unit < line.quantity; unit++) {
        const base = {
          order_id: line.order_id,
          line_item_id: line.line_item_id,
          unit_index: unit,
          variant_id: line.variant_id,
          grant_id: line.grant_id,
          email: line.email,
        }
        keys.push(config.source === "generated" ? this.generated(base, config.pattern) : { ...base, source: "pool" })
      }
    }
    const inserted = await this.sql.insertKeys(keys, ctx)
    const pendingIds = inserted.filter((k) => k.state === "pending").map((k) => k.id)
    const poolVariants: IssuedLicenseKeys["pool_variants"] = []
    if (pendingIds.length) {
      const variants = [...new Set(keys.filter((k) => k.source === "pool").map((k) => k.variant_id))]
      for (const variantId of variants) {
        await this.sql.fillPending(variantId, { ids: pendingIds, late: false }, ctx)
        poolVariants.push({ variant_id: variantId, pending: 0 })
      }
      const left = await this.sql.listKeys({ ids: pendingIds }, ctx)
      for (const v of poolVariants) v.pending = left.filter((k) => k.variant_id === v.variant_id && k.state === "pending").length
    }
    return { ids: inserted.map((k) => k.id), pool_variants: poolVariants }
  }

  /** Fills pending keys from the pools that have keys (oldest first); the filled keys are owed a late email. */
  async fillPending(ctx: Context): Promise<{ id: string; order_id: string }[]> {
    const filled: { id: string; order_id: string }[] = []
    for (const variantId of await this.sql.fillableVariants(ctx)) {
      filled.push(...(await this.sql.fillPending(variantId, { late: true }, ctx)))
    }
    return filled
  }

  claimLateEmail(orderId: string, ctx: Context): Promise<string[]> {
    return this.sql.claimLateEmail(orderId, ctx)
  }

  ordersOwedLateEmail(ctx: Context): Promise<string[]> {
    return this.sql.ordersOwedLateEmail(ctx)
  }

  unclaimLateEmail(ids: string[], ctx: Context): Promise<void> {
    return this.sql.unclaimLateEmail(ids, ctx)
  }

  deleteKeys(ids: string[], ctx: Context): Promise<void> {
    return this.sql.deleteKeys(ids, ctx)
  }

  /** The order's keys the buyer may see (active, and pending ones without a key yet), decrypted. */
  async forBuyer(orderId: string, ctx: Context, onlyIds?: string[]): Promise<BuyerLicenseKey[]> {
    const rows = await this.sql.listKeys(onlyIds ? { order_id: orderId, ids: onlyIds } : { order_id: orderId }, ctx)
    return rows
      .filter((r): r is LicenseKeyRow & { state: "active" | "pending" } => r.state !== "revoked")
      .map((r) => ({
        id: r.id,
        line_item_id: r.line_item_id,
        variant_id: r.variant_id,
        unit_index: r.unit_index,
        state: r.state,
        key: r.state === "active" && r.ciphertext ? this.crypto.decrypt(r.ciphertext) : null,
      }))
  }

  /** The order's keys for the merchant: masked, never the key itself. */
  async forAdmin(orderId: string, ctx: Context): Promise<AdminLicenseKey[]> {
    return (await this.sql.listKeys({ order_id: orderId }, ctx)).map(maskedKey)
  }

  async get(id: string, ctx: Context): Promise<LicenseKeyRow> {
    const [row] = await this.sql.listKeys({ ids: [id] }, ctx)
    if (!row) throw new MedusaError(MedusaError.Types.NOT_FOUND, `License key ${id} was not found`)
    return row
  }

  /** The key in clear, for the merchant's "reveal" (NOT_ALLOWED while pending). */
  async reveal(id: string, ctx: Context): Promise<{ row: LicenseKeyRow; key: string }> {
    const row = await this.get(id, ctx)
    if (!row.ciphertext) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "This license key is still waiting for the pool to be refilled")
    return { row, key: this.crypto.decrypt(row.ciphertext) }
  }

  setState(filter: { ids?: string[]; line_item_ids?: string[] }, state: "revoked" | "active" | "pending", ctx: Context) {
    return this.sql.setState(filter, state, ctx)
  }

  restoreStates(rows: { id: string; previous: LicenseState }[], ctx: Context) {
    return this.sql.restoreStates(rows, ctx)
  }

  /**
   * Revokes a key and issues its unit a new one (the next generation), from
   * the variant's source now (a pool key, or pending if the pool is dry).
   * Call in a transaction.
   */
  async replace(id: string, ctx: Context): Promise<{ revoked: { id: string; previous: LicenseState }[]; new_id: string }> {
    const old = await this.get(id, ctx)
    if (old.state === "revoked") throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "A revoked license key cannot be replaced")
    const revoked = await this.sql.setState({ ids: [id] }, "revoked", ctx)
    const config = await this.config(old.variant_id, ctx)
    const base = {
      order_id: old.order_id,
      line_item_id: old.line_item_id,
      unit_index: old.unit_index,
      generation: await this.sql.nextGeneration(old.line_item_id, old.unit_index, ctx),
      variant_id: old.variant_id,
      grant_id: old.grant_id,
      email: old.email,
    }
    const fromPool = config.source === "pool" || (config.source === "off" && old.source === "pool")
    const [inserted] = await this.sql.insertKeys([fromPool ? { ...base, source: "pool" } : this.generated(base, config.pattern)], ctx)
    if (inserted.state === "pending") await this.sql.fillPending(old.variant_id, { ids: [inserted.id], late: false }, ctx)
    return { revoked, new_id: inserted.id }
  }

  /**
   * Pool keys as they are stored: encrypted, hashed, with their hint (the
   * upload's line numbers kept for errors). Done in the route, so no workflow
   * input or checkpoint ever holds a key in clear.
   */
  sealPoolKeys(lines: { line: number; key: string }[]): SealedPoolKey[] {
    return lines.map(({ line, key }) => ({ line, ciphertext: this.crypto.encrypt(key), lookup_hash: this.crypto.lookupHash(key), hint: keyHint(key) }))
  }

  /**
   * Adds sealed keys to a variant's pool; all or nothing. Duplicates (within
   * the upload or with any key already known) are reported by their line numbers.
   */
  async addToPool(variantId: string, keys: SealedPoolKey[], ctx: Context) {
    const result = await this.sql.addPoolKeys(variantId, keys, ctx)
    return { added: result.added, duplicate_lines: result.duplicates.map((i) => keys[i].line) }
  }

  async poolStatus(variantId: string, ctx: Context) {
    return { remaining: await this.sql.poolRemaining(variantId, ctx), pending: await this.sql.pendingCount(variantId, ctx) }
  }

  claimPoolAlert(variantId: string, kind: "empty" | "low", ctx: Context) {
    return this.sql.claimPoolAlert(variantId, kind, ctx)
  }

  /** The lookup hash of a key a program sent: what the activation workflows get instead of the key. */
  lookupHash(key: string): string | null {
    return normalizeKey(key) ? this.crypto.lookupHash(key) : null
  }

  /** The key of a lookup hash, or null (unknown or pending). */
  async find(lookupHash: string | null, ctx: Context): Promise<LicenseKeyRow | null> {
    return lookupHash ? await this.sql.findByHash(lookupHash, ctx) : null
  }

  async status(row: LicenseKeyRow, ctx: Context): Promise<LicenseStatus> {
    const activations = await this.sql.activations(row.id, ctx)
    return {
      id: row.id,
      state: row.state,
      product_variant_id: row.variant_id,
      limit: row.activation_limit,
      activations: activations.map((a) => ({ instance: a.instance, activated_at: new Date(a.activated_at).toISOString() })),
    }
  }

  /** Activates an instance (call in a transaction: the key's row lock lives until it ends). */
  async activate(row: LicenseKeyRow, instance: string, ctx: Context): Promise<ActivationOutcome> {
    if (row.state === "revoked") return "revoked"
    const result = await this.sql.activate(row.id, instance, row.activation_limit, ctx)
    return result === "activated" ? "activated" : result === "already" ? "already_active" : "limit_reached"
  }

  async deactivate(row: LicenseKeyRow, instance: string, ctx: Context): Promise<ActivationOutcome> {
    return (await this.sql.deactivate(row.id, instance, ctx)) ? "deactivated" : "not_active"
  }

  /**
   * The signed answer about a key: `payload` is the exact JSON text signed
   * (Ed25519), so a program verifies the bytes it received, then parses them.
   */
  signedAnswer(status: LicenseStatus, extra: { result: ActivationOutcome; instance: string | null }) {
    const payload = JSON.stringify({ license: status, result: extra.result, instance: extra.instance, issued_at: new Date().toISOString() })
    return { license: status, result: extra.result, payload, signature: this.crypto.sign(payload), algorithm: "Ed25519" as const }
  }
}
