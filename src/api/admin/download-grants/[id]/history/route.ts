import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DIGITAL_DELIVERY_MODULE } from "../../../../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../../../../modules/digital-delivery/service"
import { refetchDownloadGrant } from "../../helpers"
import type { AdminGetGrantHistoryParamsType } from "./validators"

/**
 * The grant's whole story, newest first: download attempts (`kind:
 * "download"`) and the actions taken on it (`kind: "activity"`: who — an Admin
 * user's id and email, an API key, or "system" —, the action, the value before
 * and after). Keyset pages: pass `next_cursor` as `cursor` for older entries.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  await refetchDownloadGrant(req.scope, req.params.id)
  const { limit, cursor } = req.validatedQuery as AdminGetGrantHistoryParamsType
  const service = req.scope.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const page = await service.listGrantTimeline(req.params.id, { limit, cursor })
  res.json({ history: page.entries, next_cursor: page.next_cursor })
}
