import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import {
  DigitalDeliveryEvents,
  type DownloadDeniedPayload,
  type DownloadFailedPayload,
} from "../modules/digital-delivery/events"
import { sendDownloadAlertWorkflow } from "../workflows/send-download-alert"

/** Server-side download failures and unusual refusals reach the store's alert address. */
export default async function alertMerchant({
  event,
  container,
}: SubscriberArgs<DownloadFailedPayload | DownloadDeniedPayload>) {
  const failed = event.data as DownloadFailedPayload
  const input =
    event.name === DigitalDeliveryEvents.DOWNLOAD_FAILED
      ? { kind: failed.reason === "unstampable" ? ("unstampable" as const) : ("failure" as const), grant_id: failed.grant_id, message: failed.message }
      : { kind: "denials" as const, grant_id: event.data.grant_id, outcome: (event.data as DownloadDeniedPayload).outcome }
  await sendDownloadAlertWorkflow(container).run({ input })
}

export const config: SubscriberConfig = {
  event: [DigitalDeliveryEvents.DOWNLOAD_FAILED, DigitalDeliveryEvents.DOWNLOAD_DENIED],
  context: { subscriberId: "digital-delivery-alert-merchant" },
}
