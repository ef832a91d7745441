import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { servePreview } from "../../../downloads/preview"

/** A public preview (sample pages, a clip, a trailer): Range, inline, cacheable, rate limited per address. Never a paid file. */
export const GET = (req: MedusaRequest, res: MedusaResponse) => servePreview(req, res)

/** The preview's headers without its bytes. */
export const HEAD = (req: MedusaRequest, res: MedusaResponse) => servePreview(req, res)
