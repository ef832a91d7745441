import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import { sendMerchantAlert } from "../utils/merchant-alert"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"

/** Refusals on one grant within an hour that make the merchant look. */
export const SUSPICIOUS_DENIALS_PER_HOUR = 10

export type SendDownloadAlertInput =
  | { kind: "failure"; grant_id: string; message: string }
  | { kind: "denials"; grant_id: string; outcome: string }
  | { kind: "unstampable"; grant_id: string; message: string }

export const sendDownloadAlertStepId = "send-download-alert"

/**
 * Emails the store's alert address about a grant: a server-side download
 * failure, or unusual refusals. At most one alert per grant per hour.
 */
export const sendDownloadAlertStep = createStep(
  sendDownloadAlertStepId,
  async (input: SendDownloadAlertInput, { container }) => {
    const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
    let denials = 0
    if (input.kind === "denials") {
      denials = await service.countRecentDenials(input.grant_id, 60)
      if (denials < SUSPICIOUS_DENIALS_PER_HOUR) return new StepResponse({ sent: false, reason: "usual" })
      // Shown as "suspicious" in the Digital deliveries list, alert address or not.
      await service.flagSuspicious(input.grant_id)
    }
    const settings = await service.getSettings()
    if (!settings.alert_email) return new StepResponse({ sent: false, reason: "no alert address" })
    if (!(await service.claimAlertSlot(input.grant_id))) {
      return new StepResponse({ sent: false, reason: "alerted within the hour" })
    }
    const [grant] = await service.listDownloadGrants({ id: input.grant_id }, { take: 1 })
    const [asset] = grant ? await service.listDigitalAssets({ id: grant.asset_id }, { take: 1, withDeleted: true }) : []
    const what =
      input.kind === "failure"
        ? `A download failed on the server: ${input.message}. The buyer was told to retry and was charged only for the bytes they received.`
        : input.kind === "unstampable"
          ? `A stamped PDF could not be stamped for this buyer: ${input.message}. Upload a copy that is not encrypted or damaged as a new release, or turn stamping off for this file.`
          : `${denials} download attempts were refused within the hour (last: ${input.outcome}). The link may have been shared.`
    const facts: [string, string][] = [
      ["File", asset?.filename ?? "?"],
      ["Order", grant?.order_id ?? "?"],
      ["Buyer", grant?.email ?? "?"],
      ["Grant", input.grant_id],
    ]
    const title = { failure: "Download failed", unstampable: "PDF could not be stamped", denials: "Unusual download refusals" }[input.kind]
    const subject = `[Digital delivery] ${title}: ${asset?.filename ?? input.grant_id}`
    const sent = await sendMerchantAlert(container, {
      to: settings.alert_email,
      subject,
      what,
      facts,
      resource_id: input.grant_id,
      resource_type: "download_grant",
      kind: input.kind,
      data: { grant_id: input.grant_id, kind: input.kind },
    })
    return new StepResponse(sent ? { sent: true } : { sent: false, reason: "email failed" })
  }
)
