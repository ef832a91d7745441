import crypto from "crypto"
import {
  DEFAULT_PATTERN,
  KEY_ALPHABET,
  LicenseCrypto,
  checkCharacter,
  generateKey,
  hasValidCheckCharacter,
  normalizeKey,
  patternProblem,
} from "../utils/license-crypto"

const SECRET = "a-secret-of-at-least-thirty-two-characters"

describe("generated license keys", () => {
  it("follow the pattern, use the unambiguous alphabet and end with a valid check character", () => {
    const keys = Array.from({ length: 500 }, () => generateKey())
    for (const key of keys) {
      expect(key).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/)
      expect(hasValidCheckCharacter(key)).toBe(true)
    }
    expect(new Set(keys).size).toBe(keys.length)
    // Fixed characters of a pattern are kept, and covered by the check.
    const pro = generateKey("KEY-XXXXXX-XXXXXX")
    expect(pro.startsWith("KEY-")).toBe(true)
    expect(hasValidCheckCharacter(pro)).toBe(true)
    expect(hasValidCheckCharacter("KEZ" + pro.slice(3))).toBe(false)
  })

  it("catch every single-character typo and every swap of two adjacent characters (but 0 and Z, Luhn's blind spot) offline", () => {
    const key = normalizeKey(generateKey())
    for (let i = 0; i < key.length; i++) {
      for (const c of KEY_ALPHABET) {
        if (c === key[i]) continue
        expect(hasValidCheckCharacter(key.slice(0, i) + c + key.slice(i + 1))).toBe(false)
      }
      const pair = key[i] + (key[i + 1] ?? "")
      if (i + 1 < key.length && key[i] !== key[i + 1] && pair !== "0Z" && pair !== "Z0") {
        expect(hasValidCheckCharacter(key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2))).toBe(false)
      }
    }
  })

  it("read the same in any case, with or without dashes and spaces, O as 0 and I or L as 1", () => {
    const key = generateKey()
    expect(hasValidCheckCharacter(key.toLowerCase().replace(/-/g, " "))).toBe(true)
    expect(normalizeKey(" ab-cd_ef gh ")).toBe("ABCDEFGH")
    const body = "0000111"
    const check = checkCharacter(body)
    expect(hasValidCheckCharacter(`OOOO-ILI${check}`)).toBe(true)
  })

  it("refuse patterns that are ambiguous, too guessable or without a final check slot", () => {
    expect(patternProblem(DEFAULT_PATTERN)).toBeNull()
    expect(patternProblem("XXXX-XXXX")).toMatch(/at least 12/)
    expect(patternProblem("XXXX-XXXX-XXXX-XXXX-IO")).toMatch(/may hold only/)
    expect(patternProblem("xxxx-xxxx-xxxx-xxxx")).toMatch(/may hold only/)
    expect(patternProblem("XXXX-XXXX-XXXX-XXXX-9")).toMatch(/end with an X/)
  })
})

describe("LicenseCrypto", () => {
  const lc = new LicenseCrypto(SECRET)

  it("encrypts with a fresh IV each time, decrypts, and refuses a changed ciphertext or another secret", () => {
    const a = lc.encrypt("ABCD-EFGH")
    const b = lc.encrypt("ABCD-EFGH")
    expect(a).not.toBe(b)
    expect(a).not.toContain("ABCD")
    expect(lc.decrypt(a)).toBe("ABCD-EFGH")
    const raw = Buffer.from(a.slice(3), "base64url")
    raw[14] ^= 1
    expect(() => lc.decrypt(`v1.${raw.toString("base64url")}`)).toThrow()
    expect(() => new LicenseCrypto(SECRET + "x").decrypt(a)).toThrow()
  })

  it("hashes the normalized key, keyed by the secret", () => {
    expect(lc.lookupHash("abcd-efgh")).toBe(lc.lookupHash("ABCDEFGH"))
    expect(lc.lookupHash("ABCDEFGH")).not.toBe(new LicenseCrypto(SECRET + "x").lookupHash("ABCDEFGH"))
    expect(lc.lookupHash("ABCDEFGH")).not.toBe(crypto.createHash("sha256").update("ABCDEFGH").digest("base64url"))
  })

  it("derives the same Ed25519 key pair from the same secret on every instance, and signs verifiably", () => {
    const other = new LicenseCrypto(SECRET)
    expect(other.publicKeyPem()).toBe(lc.publicKeyPem())
    expect(new LicenseCrypto(SECRET + "x").publicKeyPem()).not.toBe(lc.publicKeyPem())
    const payload = JSON.stringify({ license: { state: "active" } })
    const signature = other.sign(payload)
    const publicKey = crypto.createPublicKey(lc.publicKeyPem())
    expect(crypto.verify(null, Buffer.from(payload), publicKey, Buffer.from(signature, "base64"))).toBe(true)
    expect(crypto.verify(null, Buffer.from(payload.replace("active", "revoked")), publicKey, Buffer.from(signature, "base64"))).toBe(false)
  })
})
