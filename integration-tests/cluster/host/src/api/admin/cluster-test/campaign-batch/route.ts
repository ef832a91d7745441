import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"

// Test-only (this host is never shipped): one run of the update campaign job's
// workflow on this instance, now, as the scheduler would run it (`limit`: at
// most that many recipients, else the batch size).
export async function POST(req: MedusaRequest<{ limit?: number }>, res: MedusaResponse) {
  const engine = req.scope.resolve(Modules.WORKFLOW_ENGINE)
  const limit = typeof req.body?.limit === "number" ? req.body.limit : undefined
  const { result } = await engine.run("send-update-campaign-batch", { input: { limit } })
  res.json({ result, instance: process.env.INSTANCE_NAME })
}
