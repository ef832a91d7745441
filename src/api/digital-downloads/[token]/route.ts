import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { serveDownload } from "../../downloads"

/** Downloads a purchased file through its signed link. Counts, resumes, redirects. */
export const GET = (req: MedusaRequest, res: MedusaResponse) => serveDownload(req, res)

/** Same checks and headers as GET, no body, never counted. */
export const HEAD = (req: MedusaRequest, res: MedusaResponse) => serveDownload(req, res)
