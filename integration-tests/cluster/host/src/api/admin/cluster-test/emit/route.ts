import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { IEventBusModuleService } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"

// Test-only (this host is never shipped): emits an event through this
// instance's event bus (Redis), the way Medusa's own flows do.
export async function POST(req: MedusaRequest<{ name: string; data: Record<string, unknown> }>, res: MedusaResponse) {
  const bus = req.scope.resolve<IEventBusModuleService>(Modules.EVENT_BUS)
  await bus.emit({ name: req.body.name, data: req.body.data })
  res.json({ emitted: req.body.name, instance: process.env.INSTANCE_NAME })
}
