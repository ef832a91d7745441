import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { IEventBusModuleService, Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import { DigitalDeliveryEvents } from "../../modules/digital-delivery/events"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"
import type {
  AdmissionInput,
  DownloadAdmission,
  DownloadEventInput,
  DownloadOutcome,
  Settlement,
} from "../../modules/digital-delivery/types"
import { sendDenial, type DenialCode, type DenialLinks } from "../utils/denial"
import { wantsJson } from "../utils/negotiation"
import { storageErrorForLog } from "./storage-error"
import { normalizeIp } from "../../modules/digital-delivery/utils/client-ip"

/** What a settled request was charged from what it sent: exact bytes, or a whole copy when the bytes go out of sight. */
export function settlementOf(admission: DownloadAdmission, bytes: number, whole = false): Settlement | null {
  if (!admission.reservation) return null
  return { grant_id: admission.grant.id, reserved: admission.reservation, bytes, size: admission.asset.size, whole }
}

/**
 * One request for a paid file, from its first check to its download event:
 * it reads and reserves through the module (`admit`), and ends exactly once,
 * by a refusal (`deny`) or by recording what it sent (`finish`), which also
 * gives back what it reserved and did not send.
 */
export class DownloadAttempt {
  readonly service: DigitalDeliveryModuleService
  readonly logger: Logger
  readonly event: Omit<DownloadEventInput, "outcome">
  assetId?: string

  constructor(readonly req: MedusaRequest, readonly res: MedusaResponse) {
    this.service = req.scope.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    this.logger = req.scope.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
    const range = req.method === "HEAD" ? undefined : req.headers.range
    this.event = {
      grant_id: null,
      range: range ? String(range).slice(0, 100) : null,
      // "::ffff:127.0.0.1" (an IPv4 client of a server on IPv6) is recorded as "127.0.0.1".
      ip: normalizeIp(req.ip),
      user_agent: req.headers["user-agent"] ?? null,
    }
  }

  /**
   * The grant and its file, reserving what the request will send when
   * `input.reserve`. null when the request was answered here: an unknown grant
   * or an old link (404), or a database that does not answer (503, nothing reserved).
   */
  async admit(input: AdmissionInput): Promise<DownloadAdmission | null> {
    let admission: DownloadAdmission | null
    try {
      admission = await this.service.admitDownload({ ...input, ip: this.event.ip })
    } catch (err) {
      // The database is unreachable (restarting, failing over): nothing was
      // reserved; the buyer is told to retry instead of waiting on a hung request.
      this.logger.error(`digital-delivery: could not check a download: ${(err as Error).message}`)
      this.deny("storage_unavailable", "storage_error", { "Retry-After": "30" })
      return null
    }
    if (admission) {
      this.event.grant_id = admission.grant.id
      this.assetId = admission.asset.id
    }
    if (!admission || admission.grant.token_version !== input.token_version) {
      // An unknown grant and an old link look the same from outside.
      this.deny("not_found", "invalid_link")
      return null
    }
    if (admission.release_missing) {
      // A real link, but a release this asset does not have (or no longer keeps): nothing was reserved.
      this.deny("release_not_found", "invalid_link")
      return null
    }
    return admission
  }

  /** Answers with why the download is refused, records it and, for refusals worth it, tells the merchant. */
  deny(code: DenialCode, outcome: DownloadOutcome, headers: Record<string, string> = {}, failure?: string) {
    // Links back only for a refusal of a real, current link (never for an unknown or old one: 404).
    // API clients (JSON) and HEAD get no page, so no links: nothing more is read for them.
    const linked =
      this.event.grant_id && code !== "not_found" && code !== "too_many_requests" && this.req.method !== "HEAD" && !wantsJson(this.req)
    void sendDenial(this.req, this.res, code, headers, linked ? this.backLinks(this.event.grant_id!) : undefined)
    const recorded = this.service.queueDownloadEvent({ ...this.event, outcome, status: this.res.statusCode })
    const grantId = this.event.grant_id
    if (grantId && code !== "range_not_satisfiable" && code !== "precondition_failed" && code !== "release_not_found") {
      void recorded.then(() =>
        code === "storage_unavailable"
          ? this.emit(DigitalDeliveryEvents.DOWNLOAD_FAILED, {
              grant_id: grantId,
              asset_id: this.assetId,
              reason: "storage_error",
              message: failure ?? "storage error",
            })
          : this.emit(DigitalDeliveryEvents.DOWNLOAD_DENIED, { grant_id: grantId, outcome })
      )
    }
  }

  /**
   * The storage failed before any byte was sent: the reservation is given
   * back whole, the buyer gets 503, the merchant an alert. The log says what
   * failed; no log, alert or answer names the storage path.
   */
  refuseStorageFailure(admission: DownloadAdmission, err: Error, failure: string) {
    this.logger.error(`digital-delivery: storage failed for asset ${admission.asset.id}: ${storageErrorForLog(err)}`)
    const linked = this.req.method !== "HEAD" && !wantsJson(this.req)
    void sendDenial(this.req, this.res, "storage_unavailable", { "Retry-After": "60" }, linked ? this.backLinks(admission.grant.id) : undefined)
    void this.service
      .recordDownload({ ...this.event, outcome: "storage_error", status: 503, bytes_sent: 0 }, settlementOf(admission, 0))
      .then(() =>
        this.emit(DigitalDeliveryEvents.DOWNLOAD_FAILED, { grant_id: admission.grant.id, asset_id: admission.asset.id, reason: "storage_error", message: failure })
      )
  }

  /**
   * Records how a request that was admitted ended, and settles its
   * reservation: charged `bytes` (or the whole reservation for a redirect),
   * the rest given back.
   */
  finish(admission: DownloadAdmission, outcome: DownloadOutcome, status: number, bytes: number, whole = false) {
    const settlement = settlementOf(admission, bytes, whole)
    return this.service.recordDownload(
      { ...this.event, grant_id: admission.grant.id, outcome, status, bytes_sent: bytes, counted: !!settlement && (whole || bytes > 0) },
      settlement
    )
  }

  /**
   * Where a buyer refused on a real link of a grant can go on: a registered
   * customer's library, or the guest order page of the grant's order (the
   * holder of a valid link of an order may see its page: the email gave both).
   * Read only on refusals of a known grant, never on the admitted path.
   */
  async backLinks(grantId: string): Promise<DenialLinks> {
    const [grant] = await this.service.listDownloadGrants({ id: grantId }, { select: ["order_id", "customer_id"], take: 1 })
    if (!grant) return {}
    if (grant.customer_id) {
      // Guests get a customer record too (has_account false): only accounts have a library.
      const query = this.req.scope.resolve(ContainerRegistrationKeys.QUERY)
      const { data } = await query.graph({ entity: "customer", fields: ["id", "has_account"], filters: { id: grant.customer_id } })
      if ((data[0] as { has_account?: boolean } | undefined)?.has_account) {
        const settings = await this.service.getSettings()
        return { library_url: this.service.libraryUrl(settings.storefront_url) }
      }
    }
    return { order_url: this.service.orderPageUrl(grant.order_id, await this.service.orderLinkVersion(grant.order_id)) }
  }

  /** Tells the rest of the store (merchant alerts) about a refusal or a failure. */
  emit(name: string, data: Record<string, unknown>) {
    this.req.scope
      .resolve<IEventBusModuleService>(Modules.EVENT_BUS)
      .emit({ name, data })
      .catch((err: Error) => this.logger.error(`digital-delivery: could not emit ${name}: ${err.message}`))
  }
}
