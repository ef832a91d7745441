import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { DigitalDeliveryEvents, type ReleasePublishedPayload } from "../modules/digital-delivery/events"
import { startUpdateCampaignWorkflow } from "../workflows/start-update-campaign"

/** A release published with `notify: true` starts its update campaign (once per release). */
export default async function notifyReleaseBuyers({ event, container }: SubscriberArgs<ReleasePublishedPayload>) {
  if (!event.data.notify) return
  await startUpdateCampaignWorkflow(container).run({
    input: { asset_id: event.data.asset_id, version: event.data.version, started_by: "release", reopen: false },
  })
}

export const config: SubscriberConfig = {
  event: DigitalDeliveryEvents.RELEASE_PUBLISHED,
  context: { subscriberId: "digital-delivery-notify-release-buyers" },
}
