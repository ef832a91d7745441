import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { DIGITAL_DELIVERY_MODULE } from "../../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../../modules/digital-delivery/service"
import { maskedKey, type AdminLicenseKey } from "../../../modules/digital-delivery/utils/license-keys"
import { MAX_POOL_UPLOAD } from "./validators"

export const serviceOf = (scope: MedusaContainer) => scope.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)

/** A key by id, masked (404 when unknown). */
export async function adminLicenseKey(scope: MedusaContainer, id: string): Promise<AdminLicenseKey> {
  const service = serviceOf(scope)
  return maskedKey(await service.withLicenseManager((ctx) => service.licenseKeys.get(id, ctx)))
}

/** Throws NOT_FOUND unless the product variant exists. */
export async function assertVariant(scope: MedusaContainer, id: string) {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "product_variant", fields: ["id"], filters: { id } })
  if (!data.length) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Product variant with id: ${id} was not found`)
}

/** A variant's key config with its pool's counts. */
export async function licenseConfig(scope: MedusaContainer, variantId: string) {
  const service = serviceOf(scope)
  return await service.withLicenseManager(async (ctx) => {
    const config = await service.licenseKeys.config(variantId, ctx)
    const pool = await service.licenseKeys.poolStatus(variantId, ctx)
    return { ...config, pool_remaining: pool.remaining, pool_pending: pool.pending }
  })
}

const HEADER = /^"?(license[ _-]?)?keys?"?$/i

/**
 * The keys of an upload: one per line, or CSV (the first column; quotes
 * removed). Blank lines and a header line are skipped; each key keeps its
 * 1-based line number for the error messages. A key is at most 200 characters.
 */
export function parsePoolUpload(text: string): { line: number; key: string }[] {
  const keys: { line: number; key: string }[] = []
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/)
  lines.forEach((raw, i) => {
    const first = raw.match(/^\s*"((?:[^"]|"")*)"/)?.[1]?.replace(/""/g, '"') ?? raw.split(/[,;\t]/)[0]
    const key = first.trim()
    if (!key || (i === 0 && HEADER.test(key))) return
    if (key.length > 200) throw new MedusaError(MedusaError.Types.INVALID_DATA, `keys: line ${i + 1}: a key must be at most 200 characters long`)
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(key)) throw new MedusaError(MedusaError.Types.INVALID_DATA, `keys: line ${i + 1}: control characters are not allowed`)
    keys.push({ line: i + 1, key })
  })
  if (!keys.length) throw new MedusaError(MedusaError.Types.INVALID_DATA, "keys: no key found")
  if (keys.length > MAX_POOL_UPLOAD) throw new MedusaError(MedusaError.Types.INVALID_DATA, `keys: at most ${MAX_POOL_UPLOAD} keys per upload`)
  return keys
}

/** Ten lines of Node.js that verify an answer of the activation API (shown in Admin settings and the README). */
export function verificationExample(publicKeyPem: string): string {
  return [
    'const crypto = require("crypto")',
    `const PUBLIC_KEY = \`${publicKeyPem.trim()}\``,
    "// answer: the JSON body of /digital-downloads/licenses/activate, /deactivate or /validate",
    "function verifyLicense(answer) {",
    '  if (answer.algorithm !== "Ed25519") return null',
    '  const ok = crypto.verify(null, Buffer.from(answer.payload, "utf8"), PUBLIC_KEY, Buffer.from(answer.signature, "base64"))',
    "  // Trust only the signed payload, never the unsigned copy beside it.",
    "  return ok ? JSON.parse(answer.payload) : null",
    "}",
    "module.exports = { verifyLicense }",
  ].join("\n")
}
