import crypto from "crypto"
import jwt from "jsonwebtoken"
import { BoundedMap } from "./bounded-map"

/**
 * Download links carry a JWT (HS256) signed with the plugin's own secret. It names
 * the grant and the grant's token_version, nothing else: no storage key, no
 * expiry (expiry, limits and the enabled flag are read from the grant row on
 * every request). jsonwebtoken compares signatures with crypto.timingSafeEqual.
 */
export type LinkKind = "grant" | "order" | "unsubscribe"

const AUDIENCE: Record<LinkKind, string> = {
  grant: "digital-delivery:grant",
  order: "digital-delivery:order",
  // An update email's one-click unsubscribe link: names the recipient row.
  unsubscribe: "digital-delivery:unsubscribe",
}

export type LinkClaims = { id: string; version: number; kind: LinkKind }

// Tokens longer than this are not ours; refuse them before any crypto.
const MAX_TOKEN_LENGTH = 1024
// token_version is a PostgreSQL integer: a version outside it is no link of ours
// (and would make the download query fail instead of answering 404).
const MAX_VERSION = 2_147_483_647
/** Valid tokens remembered by a signer (the oldest go first). */
const VERIFIED_MAX = 10_000

/**
 * Signs and verifies the links of one secret. One instance per module service
 * (it lives as long as the service and its options).
 */
export class LinkSigner {
  /**
   * The secret as a KeyObject, made once: given a string, jsonwebtoken first
   * tries to parse it as a public key (and fails) on every call, which was the
   * most expensive part of a download request.
   */
  private readonly key: crypto.KeyObject
  /**
   * Tokens already verified: a link without expiry names the same grant and
   * version for ever (revocation is the grant row's business), so a buyer's
   * next request skips the HMAC and the JSON parsing. Only valid tokens are kept.
   */
  private readonly verified = new BoundedMap<string, LinkClaims>(VERIFIED_MAX)

  constructor(secret: string) {
    this.key = crypto.createSecretKey(Buffer.from(secret, "utf8"))
  }

  sign(claims: LinkClaims, options: { expiresInSeconds?: number } = {}): string {
    return jwt.sign({ v: claims.version }, this.key, {
      algorithm: "HS256",
      subject: claims.id,
      audience: AUDIENCE[claims.kind],
      noTimestamp: !options.expiresInSeconds,
      ...(options.expiresInSeconds ? { expiresIn: options.expiresInSeconds } : {}),
    })
  }

  /** Returns the claims of a valid token of the given kind, or null for anything else. */
  verify(token: string, kind: LinkKind): LinkClaims | null {
    if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) {
      return null
    }
    const known = this.verified.get(token)
    if (known) return known.kind === kind ? known : null
    try {
      const payload = jwt.verify(token, this.key, {
        algorithms: ["HS256"],
        audience: AUDIENCE[kind],
      })
      if (typeof payload !== "object" || payload === null) {
        return null
      }
      const { sub, v, exp } = payload as { sub?: unknown; v?: unknown; exp?: unknown }
      if (typeof sub !== "string" || !Number.isInteger(v) || (v as number) < 1 || (v as number) > MAX_VERSION) {
        return null
      }
      const claims: LinkClaims = { id: sub, version: v as number, kind }
      if (exp === undefined) this.verified.set(token, claims)
      return claims
    } catch {
      return null
    }
  }
}
