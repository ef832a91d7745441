import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"

/** Ends the hosted session. */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const session = (req as unknown as { session?: { destroy?: (cb: () => void) => void } }).session
  const done = () => res.redirect(303, "/digital-downloads/login")
  if (session?.destroy) session.destroy(done)
  else done()
}
