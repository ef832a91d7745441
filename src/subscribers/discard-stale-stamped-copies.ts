import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { DIGITAL_DELIVERY_MODULE } from "../modules/digital-delivery"
import { DigitalDeliveryEvents, type ReleasePublishedPayload } from "../modules/digital-delivery/events"
import type DigitalDeliveryModuleService from "../modules/digital-delivery/service"
import { discardStampedCopiesWorkflow } from "../workflows/discard-stamped-copies"

/** A new release of a stamped PDF: buyers' copies of the earlier ones go, unless the merchant keeps earlier releases downloadable. */
export default async function discardStaleStampedCopies({ event, container }: SubscriberArgs<ReleasePublishedPayload>) {
  const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const [asset] = await service.listDigitalAssets({ id: event.data.asset_id }, { select: ["id", "keep_earlier_releases"], take: 1 })
  if (!asset || asset.keep_earlier_releases) return
  await discardStampedCopiesWorkflow(container).run({ input: { asset_id: asset.id, below_version: event.data.version } })
}

export const config: SubscriberConfig = {
  event: DigitalDeliveryEvents.RELEASE_PUBLISHED,
  context: { subscriberId: "digital-delivery-discard-stale-stamped-copies" },
}
