import crypto from "crypto"

/**
 * The license keys' cryptography, all derived (HKDF-SHA256) from the plugin's
 * own `secret`, so every instance of the store agrees without storing a key:
 * - AES-256-GCM encrypts keys at rest (random 96-bit IV, tag appended);
 * - HMAC-SHA256 of the normalized key is the lookup hash (the database can
 *   find a key without holding it);
 * - an Ed25519 key pair signs the activation API's answers.
 */
const SALT = "medusa-plugin-digital-delivery"
const derive = (secret: string, info: string) => Buffer.from(crypto.hkdfSync("sha256", secret, SALT, `license-keys:${info}`, 32))
// A PKCS#8 wrapper for a raw 32-byte Ed25519 seed (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex")

/** Crockford's base32 alphabet: no I, L, O or U, so keys read aloud or retyped survive. */
export const KEY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
export const DEFAULT_PATTERN = "XXXX-XXXX-XXXX-XXXX"
/** A pattern must hold this many X's at least (the last is the check character): 2^(5·11) ≈ 3.6·10^16 keys. */
export const MIN_PATTERN_SLOTS = 12

/** The form a key is compared in: upper case, without spaces, dashes or underscores. */
export function normalizeKey(input: string): string {
  return input.toUpperCase().replace(/[\s_-]+/g, "")
}

/**
 * The Luhn mod N check character of `chars` (each in KEY_ALPHABET): catches
 * every single-character typo and every swap of two adjacent characters
 * but 0↔Z (Luhn's one blind spot, like 09↔90 in mod 10).
 */
export function checkCharacter(chars: string): string {
  const n = KEY_ALPHABET.length
  let factor = 2
  let sum = 0
  for (let i = chars.length - 1; i >= 0; i--) {
    const code = KEY_ALPHABET.indexOf(chars[i])
    if (code < 0) throw new Error(`not a key character: ${chars[i]}`)
    let addend = factor * code
    factor = factor === 2 ? 1 : 2
    addend = Math.floor(addend / n) + (addend % n)
    sum += addend
  }
  return KEY_ALPHABET[(n - (sum % n)) % n]
}

/** Whether a generated key (any case, with or without dashes) carries its right check character. */
export function hasValidCheckCharacter(key: string): boolean {
  // Crockford: O reads as 0, I and L as 1.
  const chars = normalizeKey(key).replace(/O/g, "0").replace(/[IL]/g, "1")
  if (chars.length < 2 || [...chars].some((c) => !KEY_ALPHABET.includes(c))) return false
  return checkCharacter(chars.slice(0, -1)) === chars.slice(-1)
}

/** Why a pattern cannot be used, or null. */
export function patternProblem(pattern: string): string | null {
  if (pattern.length > 64) return "must be at most 64 characters long"
  if (!/^[0-9A-HJKMNP-TV-Z-]+$/.test(pattern)) {
    return "may hold only X (a random character), dashes, digits and capital letters other than I, L, O and U"
  }
  const slots = [...pattern].filter((c) => c === "X").length
  if (slots < MIN_PATTERN_SLOTS) return `needs at least ${MIN_PATTERN_SLOTS} X characters`
  if (!pattern.replace(/-+$/, "").endsWith("X")) return "must end with an X (the check character)"
  return null
}

/**
 * A new key from the pattern: each X a random KEY_ALPHABET character
 * (crypto.randomInt: uniform, from the OS's CSPRNG) but the last, which is the
 * check character of every character before it (fixed ones included), so
 * `hasValidCheckCharacter` needs no pattern.
 */
export function generateKey(pattern = DEFAULT_PATTERN): string {
  const last = pattern.lastIndexOf("X")
  const body = [...pattern.slice(0, last)].map((c) => (c === "X" ? KEY_ALPHABET[crypto.randomInt(KEY_ALPHABET.length)] : c)).join("")
  return body + checkCharacter(normalizeKey(body)) + pattern.slice(last + 1)
}

/** The last four characters of a key, for masked display. */
export function keyHint(key: string): string {
  return normalizeKey(key).slice(-4)
}

/** The plugin's license cryptography for one secret (one instance per module service). */
export class LicenseCrypto {
  private readonly encryptionKey: Buffer
  private readonly lookupKey: Buffer
  private readonly privateKey: crypto.KeyObject
  readonly publicKey: crypto.KeyObject

  constructor(secret: string) {
    this.encryptionKey = derive(secret, "aes-256-gcm")
    this.lookupKey = derive(secret, "lookup-hmac")
    this.privateKey = crypto.createPrivateKey({
      key: Buffer.concat([ED25519_PKCS8_PREFIX, derive(secret, "ed25519")]),
      format: "der",
      type: "pkcs8",
    })
    this.publicKey = crypto.createPublicKey(this.privateKey)
  }

  /** base64url(iv ‖ ciphertext ‖ tag), prefixed with the format version. */
  encrypt(key: string): string {
    const iv = crypto.randomBytes(12)
    const cipher = crypto.createCipheriv("aes-256-gcm", this.encryptionKey, iv)
    const body = Buffer.concat([cipher.update(key, "utf8"), cipher.final(), cipher.getAuthTag()])
    return `v1.${Buffer.concat([iv, body]).toString("base64url")}`
  }

  /** The key of `encrypt`'s output; throws when it was changed or made with another secret. */
  decrypt(ciphertext: string): string {
    const raw = Buffer.from(ciphertext.replace(/^v1\./, ""), "base64url")
    const decipher = crypto.createDecipheriv("aes-256-gcm", this.encryptionKey, raw.subarray(0, 12))
    decipher.setAuthTag(raw.subarray(raw.length - 16))
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString("utf8")
  }

  /** The lookup hash of a key as typed (normalized first). */
  lookupHash(key: string): string {
    return crypto.createHmac("sha256", this.lookupKey).update(normalizeKey(key)).digest("base64url")
  }

  /** base64 Ed25519 signature of the exact bytes of `payload` (UTF-8). */
  sign(payload: string): string {
    return crypto.sign(null, Buffer.from(payload, "utf8"), this.privateKey).toString("base64")
  }

  /** The public key the merchant's software verifies answers with. */
  publicKeyPem(): string {
    return this.publicKey.export({ type: "spki", format: "pem" }).toString()
  }
}
