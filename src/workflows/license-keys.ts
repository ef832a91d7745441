import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { ActivityActor } from "../modules/digital-delivery/types"
import type { LicenseKeyConfigInput } from "../modules/digital-delivery/repositories/license-key"
import type { SealedPoolKey } from "../modules/digital-delivery/utils/license-keys"
import {
  addLicensePoolKeysStep,
  changeLicenseActivationStep,
  fillPendingLicenseKeysStep,
  recordGrantActivityStep,
  replaceLicenseKeyStep,
  revokeLicenseKeysStep,
  sendLateLicenseKeysStep,
  updateLicenseConfigStep,
} from "./steps"

export const reconcileLicenseKeysWorkflowId = "reconcile-license-keys"

/**
 * Issues the pending keys whose pool has keys again and emails each buyer
 * their late keys once (also those of an earlier run whose email failed).
 * Run by a scheduled job and after every pool upload.
 */
export const reconcileLicenseKeysWorkflow = createWorkflow(reconcileLicenseKeysWorkflowId, () => {
  const filled = fillPendingLicenseKeysStep()
  const emails = sendLateLicenseKeysStep({})
  return new WorkflowResponse(transform({ filled, emails }, ({ filled, emails }) => ({ filled: filled.filled, emailed_orders: emails.sent })))
})

export const updateLicenseConfigWorkflowId = "update-license-config"

/** Sets a variant's license key source, pattern, activation limit and pool threshold. */
export const updateLicenseConfigWorkflow = createWorkflow(
  updateLicenseConfigWorkflowId,
  (input: { variant_id: string } & LicenseKeyConfigInput) => new WorkflowResponse(updateLicenseConfigStep(input))
)

export const uploadLicensePoolWorkflowId = "upload-license-pool"

/** Adds sealed keys (encrypted, hashed: never in clear) to a variant's pool, all or nothing, then issues and emails the keys buyers were waiting for. */
export const uploadLicensePoolWorkflow = createWorkflow(
  uploadLicensePoolWorkflowId,
  (input: { variant_id: string; keys: SealedPoolKey[] }) => {
    const added = addLicensePoolKeysStep(input)
    const reconciled = reconcileLicenseKeysWorkflow.runAsStep({ input: {} })
    return new WorkflowResponse(transform({ added, reconciled }, ({ added, reconciled }) => ({ added: added.added, issued_pending: reconciled.filled })))
  }
)

export const revokeLicenseKeyWorkflowId = "revoke-license-key"

/** The merchant revokes one key (its grants stay); written in the grant's history. */
export const revokeLicenseKeyWorkflow = createWorkflow(
  revokeLicenseKeyWorkflowId,
  (input: { id: string; grant_id: string | null; actor?: ActivityActor | null }) => {
    const revoked = revokeLicenseKeysStep({ ids: [input.id] })
    when({ input }, ({ input }) => !!input.grant_id).then(() =>
      recordGrantActivityStep(
        transform({ input }, ({ input }) => ({
          grant_ids: [input.grant_id!],
          action: "license_key_revoked" as const,
          actor: input.actor,
          details: { license_key_id: input.id },
        }))
      )
    )
    return new WorkflowResponse(revoked)
  }
)

export const replaceLicenseKeyWorkflowId = "replace-license-key"

/** The merchant replaces a key: the old one is revoked, the unit gets a new one (generated, or from the pool). */
export const replaceLicenseKeyWorkflow = createWorkflow(
  replaceLicenseKeyWorkflowId,
  (input: { id: string; grant_id: string | null; actor?: ActivityActor | null }) => {
    const replaced = replaceLicenseKeyStep({ id: input.id })
    when({ input }, ({ input }) => !!input.grant_id).then(() =>
      recordGrantActivityStep(
        transform({ input, replaced }, ({ input, replaced }) => ({
          grant_ids: [input.grant_id!],
          action: "license_key_replaced" as const,
          actor: input.actor,
          details: { license_key_id: input.id, new_license_key_id: replaced.id },
        }))
      )
    )
    return new WorkflowResponse(replaced)
  }
)

export const revealLicenseKeyWorkflowId = "reveal-license-key"

/** Records that the merchant revealed a key (the route decrypts it): an audit entry in the grant's history. */
export const revealLicenseKeyWorkflow = createWorkflow(
  revealLicenseKeyWorkflowId,
  (input: { id: string; grant_id: string; actor?: ActivityActor | null }) =>
    new WorkflowResponse(
      recordGrantActivityStep(
        transform({ input }, ({ input }) => ({
          grant_ids: [input.grant_id],
          action: "license_key_revealed" as const,
          actor: input.actor,
          details: { license_key_id: input.id },
        }))
      )
    )
)

export const activateLicenseWorkflowId = "activate-license"

/**
 * The activation API's activate: counts the instance against the key's limit,
 * atomically. Takes the key's lookup hash, never the key (workflow inputs may be stored).
 */
export const activateLicenseWorkflow = createWorkflow(
  activateLicenseWorkflowId,
  (input: { lookup_hash: string | null; instance: string }) =>
    new WorkflowResponse(changeLicenseActivationStep(transform({ input }, ({ input }) => ({ ...input, action: "activate" as const }))))
)

export const deactivateLicenseWorkflowId = "deactivate-license"

/** The activation API's deactivate: frees the instance's place. */
export const deactivateLicenseWorkflow = createWorkflow(
  deactivateLicenseWorkflowId,
  (input: { lookup_hash: string | null; instance: string }) =>
    new WorkflowResponse(changeLicenseActivationStep(transform({ input }, ({ input }) => ({ ...input, action: "deactivate" as const }))))
)
