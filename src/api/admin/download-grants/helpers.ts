import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { DIGITAL_DELIVERY_MODULE } from "../../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../../modules/digital-delivery/service"
import { normalizeIp } from "../../../modules/digital-delivery/utils/client-ip"
import { toAdminGrant } from "../../utils/admin-responses"

export async function refetchDownloadGrant(container: MedusaContainer, id: string) {
  const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const [rows] = await service.listGrants({ id }, { limit: 1, offset: 0 })
  if (!rows[0]) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Download grant with id: ${id} was not found`)
  }
  const events = await service.listDownloadEvents(
    { grant_id: id },
    {
      take: 50,
      order: { created_at: "DESC" },
      select: ["id", "outcome", "counted", "bytes_sent", "range", "status", "ip", "user_agent", "created_at"],
    }
  )
  // Rows recorded before addresses were normalised still hold "::ffff:127.0.0.1".
  // bytes_sent is a big number: the ORM adds its internal raw_bytes_sent, which is not sent.
  const shown = events.map((event) => {
    const { raw_bytes_sent: _raw, ...e } = event as typeof event & { raw_bytes_sent?: unknown }
    return { ...e, bytes_sent: e.bytes_sent == null ? null : Number(e.bytes_sent), ip: normalizeIp(e.ip) }
  })
  return { ...toAdminGrant(service, rows[0]), download_events: shown }
}
