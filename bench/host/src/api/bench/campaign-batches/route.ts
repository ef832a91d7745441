import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { sendUpdateCampaignBatchWorkflow } from "medusa-plugin-digital-delivery/workflows"

// The campaign figure's driver: runs the workflow the job
// `digital-delivery-update-campaigns` runs every 15 s, back to back, as a
// backlog would have it run, for up to `?seconds=` (default 5) or until a run
// claims nothing. Answers what the runs did; the bench calls it again until
// the campaign is sent. (The scheduled job keeps running beside it, as in a store.)
type BatchResult = { claimed: number; sent: number; failed: number; unsubscribed: number; skipped: number; superseded: number }

export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const seconds = Number((req.query as Record<string, string>).seconds ?? 5)
  const until = Date.now() + seconds * 1000
  const total: BatchResult & { runs: number } = { runs: 0, claimed: 0, sent: 0, failed: 0, unsubscribed: 0, skipped: 0, superseded: 0 }
  while (Date.now() < until) {
    const { result } = (await sendUpdateCampaignBatchWorkflow(req.scope).run({ input: {} })) as { result: BatchResult }
    total.runs++
    for (const k of ["claimed", "sent", "failed", "unsubscribed", "skipped", "superseded"] as const) total[k] += result[k]
    if (result.claimed === 0) break
  }
  res.json(total)
}
