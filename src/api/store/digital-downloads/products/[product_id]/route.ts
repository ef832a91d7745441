import type { MedusaResponse, MedusaStoreRequest } from "@medusajs/framework/http"
import { productDigitalFacts } from "../../helpers"

/**
 * A product's digital files as a buyer may see them before buying: per
 * variant, the files' titles, formats and sizes, the downloads per file and
 * the days of access ("PDF + EPUB, 12 MB, 5 downloads, 30 days"). No storage
 * key, file name or link.
 */
export async function GET(req: MedusaStoreRequest, res: MedusaResponse) {
  res.json(await productDigitalFacts(req, req.params.product_id))
}
