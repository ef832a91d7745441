import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type { LicenseKeyConfigInput, LicenseState } from "../../modules/digital-delivery/repositories/license-key"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"
import type { GrantLineInput } from "../../modules/digital-delivery/types"
import type { ActivationOutcome, LicenseLine, LicenseStatus, SealedPoolKey } from "../../modules/digital-delivery/utils/license-keys"
import { patternProblem } from "../../modules/digital-delivery/utils/license-crypto"
import { sendMerchantAlert } from "../utils/merchant-alert"
import { sendLateLicenseKeysEmail } from "../utils/license-keys-email"

const serviceOf = (container: { resolve: <T>(key: string) => T }) => container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)

type OrderItems = { id: string; items?: ({ id: string; variant_id?: string | null; quantity: unknown } | null)[] | null }

export const issueLicenseKeysStepId = "issue-license-keys"

/**
 * Issues the license keys of an order's delivered lines: one per unit bought,
 * for variants with a key source. Idempotent (a unit that has a key keeps
 * it); the compensation deletes only the keys it issued (and frees their pool keys).
 */
export const issueLicenseKeysStep = createStep(
  issueLicenseKeysStepId,
  async (input: { order: OrderItems & { email?: string | null }; lines: GrantLineInput[] }, { container }) => {
    const service = serviceOf(container)
    const lineIds = [...new Set(input.lines.map((l) => l.line_item_id))]
    const items = new Map((input.order.items ?? []).flatMap((i) => (i?.variant_id && lineIds.includes(i.id) ? [[i.id, i] as const] : [])))
    const grants = lineIds.length ? await service.listDownloadGrants({ line_item_id: lineIds }, { select: ["id", "line_item_id"], order: { created_at: "ASC" } }) : []
    const lines: LicenseLine[] = [...items.values()].map((item) => ({
      order_id: input.order.id,
      line_item_id: item.id,
      variant_id: item.variant_id!,
      quantity: MathBN.convert(item.quantity as number).toNumber() || 1,
      grant_id: grants.find((g) => g.line_item_id === item.id)?.id ?? null,
      email: input.order.email ?? null,
    }))
    const issued = await service.inLicenseTransaction((ctx) => service.licenseKeys.issue(lines, ctx))
    return new StepResponse(issued, issued.ids)
  },
  async (ids, { container }) => {
    if (!ids?.length) return
    const service = serviceOf(container)
    await service.inLicenseTransaction((ctx) => service.licenseKeys.deleteKeys(ids, ctx))
  }
)

export const alertLicensePoolsStepId = "alert-license-pools"

/**
 * Tells the merchant, once until the next upload, that a variant's pool ran
 * dry (keys are pending) or fell under its threshold. Sends email: last.
 */
export const alertLicensePoolsStep = createStep(
  alertLicensePoolsStepId,
  async (input: { variant_ids: string[] }, { container }) => {
    const service = serviceOf(container)
    const sent: { variant_id: string; kind: "empty" | "low" }[] = []
    if (!input.variant_ids.length) return new StepResponse(sent)
    const settings = await service.getSettings()
    if (!settings.alert_email) return new StepResponse(sent)
    for (const variantId of input.variant_ids) {
      const { remaining, pending, threshold } = await service.withLicenseManager(async (ctx) => ({
        ...(await service.licenseKeys.poolStatus(variantId, ctx)),
        threshold: (await service.licenseKeys.config(variantId, ctx)).low_pool_threshold,
      }))
      const kind = pending > 0 ? "empty" : remaining < threshold ? "low" : null
      if (!kind || !(await service.withLicenseManager((ctx) => service.licenseKeys.claimPoolAlert(variantId, kind, ctx)))) continue
      await sendMerchantAlert(container, {
        to: settings.alert_email,
        subject: `[Digital delivery] License key pool ${kind === "empty" ? "is empty" : "is running low"}: ${variantId}`,
        what:
          kind === "empty"
            ? `The license key pool of a product variant is empty: ${pending} key(s) are owed to buyers. Their files were delivered; upload keys and they are issued and emailed at once.`
            : `The license key pool of a product variant has ${remaining} unused key(s) left, under your threshold of ${threshold}.`,
        facts: [
          ["Variant", variantId],
          ["Unused keys", String(remaining)],
          ["Keys owed to buyers", String(pending)],
        ],
        resource_id: variantId,
        resource_type: "product_variant",
        kind: `license-pool-${kind}`,
        data: { variant_id: variantId, kind, remaining, pending },
      })
      sent.push({ variant_id: variantId, kind })
    }
    return new StepResponse(sent)
  }
)

export const revokeLicenseKeysStepId = "revoke-license-keys"

/**
 * Revokes the license keys that go with grants (every key of the grants' order
 * lines) or the given keys; `validate` answers "revoked" from now on. The
 * compensation puts back the states it changed.
 */
export const revokeLicenseKeysStep = createStep(
  revokeLicenseKeysStepId,
  async (input: { grant_ids?: string[]; ids?: string[] }, { container }) => {
    const service = serviceOf(container)
    let lineItemIds: string[] | undefined
    if (input.grant_ids) {
      const grants = input.grant_ids.length ? await service.listDownloadGrants({ id: input.grant_ids }, { select: ["id", "line_item_id"] }) : []
      lineItemIds = [...new Set(grants.map((g) => g.line_item_id))]
      if (!lineItemIds.length) return new StepResponse([] as string[], [] as { id: string; previous: LicenseState }[])
    }
    const changed = await service.inLicenseTransaction((ctx) =>
      service.licenseKeys.setState(input.ids ? { ids: input.ids } : { line_item_ids: lineItemIds }, "revoked", ctx)
    )
    return new StepResponse(
      changed.map((c) => c.id),
      changed
    )
  },
  async (changed, { container }) => {
    if (!changed?.length) return
    const service = serviceOf(container)
    await service.inLicenseTransaction((ctx) => service.licenseKeys.restoreStates(changed, ctx))
  }
)

export const replaceLicenseKeyStepId = "replace-license-key"

/** Revokes a key and issues its unit a new one; the compensation deletes the new key and restores the old. */
export const replaceLicenseKeyStep = createStep(
  replaceLicenseKeyStepId,
  async (input: { id: string }, { container }) => {
    const service = serviceOf(container)
    const result = await service.inLicenseTransaction((ctx) => service.licenseKeys.replace(input.id, ctx))
    return new StepResponse({ id: result.new_id, replaced: input.id }, result)
  },
  async (result, { container }) => {
    if (!result) return
    const service = serviceOf(container)
    await service.inLicenseTransaction(async (ctx) => {
      await service.licenseKeys.deleteKeys([result.new_id], ctx)
      await service.licenseKeys.restoreStates(result.revoked, ctx)
    })
  }
)

export const updateLicenseConfigStepId = "update-license-config"

/** Sets a variant's key source, pattern, activation limit and pool threshold; the compensation restores the previous ones. */
export const updateLicenseConfigStep = createStep(
  updateLicenseConfigStepId,
  async (input: { variant_id: string } & LicenseKeyConfigInput, { container }) => {
    const problem = input.pattern !== undefined ? patternProblem(input.pattern) : null
    if (problem) throw new MedusaError(MedusaError.Types.INVALID_DATA, `pattern: ${problem}`)
    const service = serviceOf(container)
    const { variant_id, ...changes } = input
    const { before, after } = await service.inLicenseTransaction(async (ctx) => ({
      before: await service.licenseKeys.config(variant_id, ctx),
      after: await service.licenseKeys.setConfig(variant_id, changes, ctx),
    }))
    return new StepResponse(after, before)
  },
  async (before, { container }) => {
    if (!before) return
    const service = serviceOf(container)
    const { variant_id, ...previous } = before
    await service.inLicenseTransaction((ctx) => service.licenseKeys.setConfig(variant_id, previous, ctx))
  }
)

export const addLicensePoolKeysStepId = "add-license-pool-keys"

/**
 * Adds keys to a variant's pool, all or nothing: duplicates (in the upload,
 * or known already) refuse the upload with their line numbers.
 */
export const addLicensePoolKeysStep = createStep(
  addLicensePoolKeysStepId,
  async (input: { variant_id: string; keys: SealedPoolKey[] }, { container }) => {
    const service = serviceOf(container)
    const result = await service.inLicenseTransaction((ctx) => service.licenseKeys.addToPool(input.variant_id, input.keys, ctx))
    if (result.duplicate_lines.length) {
      const shown = result.duplicate_lines.slice(0, 20).join(", ")
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `keys: ${result.duplicate_lines.length} duplicate key(s), nothing was added (line${result.duplicate_lines.length > 1 ? "s" : ""} ${shown}${result.duplicate_lines.length > 20 ? ", …" : ""})`
      )
    }
    return new StepResponse({ added: result.added }, input.variant_id)
  }
  // No compensation: nothing after this step in its workflow can fail and leave the upload half-done.
)

export const fillPendingLicenseKeysStepId = "fill-pending-license-keys"

/** Issues pending keys from the pools that have keys again (oldest first); returns the orders owed a late email. */
export const fillPendingLicenseKeysStep = createStep(fillPendingLicenseKeysStepId, async (_: void, { container }) => {
  const service = serviceOf(container)
  const filled = await service.inLicenseTransaction((ctx) => service.licenseKeys.fillPending(ctx))
  return new StepResponse({ filled: filled.length, order_ids: [...new Set(filled.map((f) => f.order_id))] })
})

export const sendLateLicenseKeysStepId = "send-late-license-keys"

/**
 * Emails each order's buyer the keys issued after delivery, once: a key is
 * claimed before the email and released when the email fails (the next run
 * retries). Orders with nothing unsent (an earlier run sent it) are skipped.
 * Sends email: last.
 */
export const sendLateLicenseKeysStep = createStep(sendLateLicenseKeysStepId, async (input: { order_ids?: string[] }, { container }) => {
  const service = serviceOf(container)
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const orderIds = input.order_ids ?? (await service.withLicenseManager((ctx) => service.licenseKeys.ordersOwedLateEmail(ctx)))
  const sent: string[] = []
  for (const orderId of orderIds) {
    const ids = await service.withLicenseManager((ctx) => service.licenseKeys.claimLateEmail(orderId, ctx))
    if (!ids.length) continue
    try {
      await sendLateLicenseKeysEmail(container, orderId, ids)
      sent.push(orderId)
    } catch (err) {
      await service.withLicenseManager((ctx) => service.licenseKeys.unclaimLateEmail(ids, ctx))
      logger.error(`digital-delivery: the late license keys of order ${orderId} could not be emailed: ${(err as Error).message}`)
    }
  }
  return new StepResponse({ sent })
})

export type LicenseAnswer = { status: LicenseStatus | null; outcome: ActivationOutcome | "unknown" }

export const changeLicenseActivationStepId = "change-license-activation"

/**
 * Activates or deactivates an instance of a key in one transaction: the key's
 * row is locked while its activations are counted, so parallel activations
 * never pass the limit. Returns the key's status after the change.
 */
export const changeLicenseActivationStep = createStep(
  changeLicenseActivationStepId,
  async (input: { lookup_hash: string | null; instance: string; action: "activate" | "deactivate" }, { container }) => {
    const service = serviceOf(container)
    const answer = await service.inLicenseTransaction(async (ctx): Promise<LicenseAnswer> => {
      const row = await service.licenseKeys.find(input.lookup_hash, ctx)
      if (!row || row.state === "pending") return { status: null, outcome: "unknown" }
      const outcome =
        input.action === "activate"
          ? await service.licenseKeys.activate(row, input.instance, ctx)
          : await service.licenseKeys.deactivate(row, input.instance, ctx)
      return { status: await service.licenseKeys.status(row, ctx), outcome }
    })
    return new StepResponse(answer)
  }
)
