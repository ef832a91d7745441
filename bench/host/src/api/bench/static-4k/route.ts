import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import crypto from "crypto"

// The request-overhead baseline: a bare Medusa route in the same app answering
// the same 4 KiB with the same kind of headers, without checks, counting or logging.
const BODY = crypto.randomBytes(4096)

export async function GET(_req: MedusaRequest, res: MedusaResponse) {
  res.writeHead(200, {
    "Content-Type": "application/octet-stream",
    "Content-Length": String(BODY.length),
    "Cache-Control": "private, no-store, no-transform",
  })
  res.end(BODY)
}
