import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { serviceOf, verificationExample } from "../../../license-keys/helpers"

/** The Ed25519 public key the merchant's software verifies activation answers with, and a ten-line example. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const crypto = serviceOf(req.scope).licenseKeys.crypto
  const pem = crypto.publicKeyPem()
  res.json({
    algorithm: "Ed25519",
    public_key_pem: pem,
    public_key_base64: crypto.publicKey.export({ format: "der", type: "spki" }).subarray(-32).toString("base64"),
    verification_example: verificationExample(pem),
  })
}
