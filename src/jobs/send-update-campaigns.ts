import type { MedusaContainer } from "@medusajs/framework/types"
import { sendUpdateCampaignBatchWorkflow } from "../workflows/send-update-campaign-batch"

/**
 * Every 15 seconds: sends the next batch of update emails, within the store's
 * throttle (emails per minute). Several instances may run it at once: each
 * row is claimed by one of them only.
 */
export default async function sendUpdateCampaigns(container: MedusaContainer) {
  const { result } = await sendUpdateCampaignBatchWorkflow(container).run({ input: {} })
  return result
}

export const config = {
  name: "digital-delivery-update-campaigns",
  schedule: { interval: 15_000 },
}
