import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import crypto from "crypto"

// A second reference: the bare route plus one database round trip (SELECT 1),
// the least any download that is counted in PostgreSQL must do.
const BODY = crypto.randomBytes(4096)

export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const pg = req.scope.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  await pg.raw("SELECT 1")
  res.writeHead(200, {
    "Content-Type": "application/octet-stream",
    "Content-Length": String(BODY.length),
    "Cache-Control": "private, no-store, no-transform",
  })
  res.end(BODY)
}
