import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DIGITAL_DELIVERY_MODULE } from "../../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../../modules/digital-delivery/service"
import type { ActivationOutcome, LicenseStatus } from "../../../modules/digital-delivery/utils/license-keys"
import { activateLicenseWorkflow, deactivateLicenseWorkflow } from "../../../workflows/license-keys"
import { rateLimiterOf, refuseIfLimited } from "../../utils/rate-limit"
import type { LicenseActivationBody, LicenseValidationBody } from "./validators"

/** HTTP status of each outcome: the signed body says the same. */
const STATUS: Record<ActivationOutcome, number> = {
  activated: 200,
  already_active: 200,
  deactivated: 200,
  not_active: 200,
  valid: 200,
  limit_reached: 409,
  revoked: 410,
}

const serviceOf = (req: MedusaRequest) => req.scope.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)

/**
 * Limits the activation API per key (the address is limited by the route's
 * middleware). The counter is named by the key's keyed hash: no key in clear
 * reaches Redis. Resolves whether the request was refused (429 sent).
 */
async function refusedPerKey(req: MedusaRequest, res: MedusaResponse, key: string): Promise<boolean> {
  const service = serviceOf(req)
  const limiter = rateLimiterOf(req, service)
  if (!limiter) return false
  return await refuseIfLimited(req, res, limiter, [{ kind: "license_key", id: service.licenseKeys.lookupHash(key) ?? "" }])
}

function send(req: MedusaRequest, res: MedusaResponse, status: LicenseStatus | null, result: ActivationOutcome | "unknown", instance: string | null) {
  res.setHeader("Cache-Control", "no-store")
  if (!status || result === "unknown") {
    // The same answer for a key that never existed, a mistyped one and one still pending.
    res.status(404).json({ code: "not_found", message: "This license key is not valid." })
    return
  }
  const effective: ActivationOutcome = status.state === "revoked" ? "revoked" : result
  res.status(STATUS[effective]).json(serviceOf(req).licenseKeys.signedAnswer(status, { result: effective, instance }))
}

/** POST activate / deactivate: one workflow run, the answer signed. */
export async function changeActivation(req: MedusaRequest<LicenseActivationBody>, res: MedusaResponse, action: "activate" | "deactivate") {
  const { key, instance } = req.validatedBody
  if (await refusedPerKey(req, res, key)) return
  const workflow = action === "activate" ? activateLicenseWorkflow : deactivateLicenseWorkflow
  // The workflow gets the key's keyed hash, never the key.
  const { result } = await workflow(req.scope).run({ input: { lookup_hash: serviceOf(req).licenseKeys.lookupHash(key), instance } })
  send(req, res, result.status, result.outcome, instance)
}

/** POST validate: the key's state and activations (and whether `instance` is one of them); changes nothing. */
export async function validateLicense(req: MedusaRequest<LicenseValidationBody>, res: MedusaResponse) {
  const { key, instance } = req.validatedBody
  if (await refusedPerKey(req, res, key)) return
  const service = serviceOf(req)
  const status = await service.withLicenseManager(async (ctx) => {
    const row = await service.licenseKeys.find(service.licenseKeys.lookupHash(key), ctx)
    return row && row.state !== "pending" ? await service.licenseKeys.status(row, ctx) : null
  })
  const active = !instance || !!status?.activations.some((a) => a.instance === instance)
  send(req, res, status, active ? "valid" : "not_active", instance ?? null)
}
