import crypto from "crypto"
import jwt from "jsonwebtoken"

export const GRANT_AUDIENCE = "digital-delivery:grant"
export const ORDER_AUDIENCE = "digital-delivery:order"

/** xorshift32 from a random seed: a failure prints the seed, and the same seed makes the same tokens. */
export function seededRandom(seed = crypto.randomBytes(4).readUInt32LE(0)) {
  let state = seed || 1
  const rand = (n: number) => {
    state ^= state << 13
    state >>>= 0
    state ^= state >>> 17
    state ^= state << 5
    state >>>= 0
    return state % n
  }
  return { seed, rand }
}

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url")
const hmac = (secret: string, input: string, alg = "sha256") => crypto.createHmac(alg, secret).update(input).digest("base64url")

/** A link token signed with `secret` (HS256 unless `header` and `alg` say otherwise), as the module's utils/link-signer.ts shapes them. */
export function signedToken(secret: string, payload: Record<string, unknown>, header: Record<string, unknown> = { alg: "HS256", typ: "JWT" }, alg = "sha256") {
  const body = `${b64(header)}.${b64(payload)}`
  return `${body}.${hmac(secret, body, alg)}`
}

/**
 * 10 000 distinct tokens that must not open `grant` (each with its category):
 * the current `token` mutated, truncated and restructured; its claims re-signed
 * with wrong secrets; the right secret with wrong audiences, versions, subjects
 * and algorithms; the replayed `oldToken`; garbage and overlong strings.
 */
export function hostileTokens(input: {
  token: string
  oldToken: string
  grant: { id: string; order_id: string }
  secret: string
  rand: (n: number) => number
}): Map<string, string> {
  const { token, oldToken, grant, rand } = input
  const LINK_SECRET = input.secret
  const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
  const ODD = [".", "=", "+", "/", "%", " ", "~", "*", "'", '"', "<", "\\", "é", "\u0000", "\n", "😀", "\u202e"]
  const RESERVED = new Set(["library", "login", "logout", "orders"])
  const tokens = new Map<string, string>() // token -> category
  const add = (category: string, t: string) => {
    if (!t || t === token || /^\.+$/.test(t) || RESERVED.has(t) || tokens.has(t)) return
    tokens.set(t, category)
  }
  const [h, p, s] = token.split(".")

  // Every single-character change, at every position, to several alternatives.
  for (let i = 0; i < token.length; i++) {
    const alternatives = [B64[rand(64)], B64[rand(64)], B64[(B64.indexOf(token[i]) + 1) % 64], ODD[rand(ODD.length)]]
    for (const c of alternatives) {
      if (c !== token[i]) add(i < h.length ? "mutated header" : i < h.length + 1 + p.length ? "mutated payload" : "mutated signature", token.slice(0, i) + c + token.slice(i + 1))
    }
    // case flip
    const flipped = token[i] === token[i].toUpperCase() ? token[i].toLowerCase() : token[i].toUpperCase()
    if (flipped !== token[i]) add("case-flipped", token.slice(0, i) + flipped + token.slice(i + 1))
  }
  // Several changes at once.
  for (let n = 0; n < 1500; n++) {
    const chars = token.split("")
    for (let k = 0, flips = 2 + rand(6); k < flips; k++) chars[rand(chars.length)] = B64[rand(64)]
    add("multi-mutated", chars.join(""))
  }
  // Truncated from either end, and segments dropped, swapped, repeated.
  for (let i = 1; i < token.length; i++) {
    add("truncated", token.slice(0, i))
    add("truncated", token.slice(i))
  }
  for (const t of [`${h}.${p}`, `${h}.${p}.`, `${h}..${s}`, `.${p}.${s}`, `${p}.${h}.${s}`, `${h}.${p}.${s}.${s}`, `${h}.${p}.${s}.`,
    `${token}.`, `.${token}`, `${token}${token}`, `${h}.${p}.${s}=`, `${h}=.${p}.${s}`, `${h}.${p}=.${s}`, ` ${token}`, `${token} `,
    `Bearer ${token}`, `${h}.${b64({ v: 2, sub: grant.id, aud: GRANT_AUDIENCE })}.${s}`, `${h}.${p}.${s.slice(0, -1)}`]) {
    add("restructured", t)
  }
  // Re-signed with the right claims but a wrong secret (HS256, same shape as the module's utils/link-signer.ts).
  const wrongSecrets = [
    LINK_SECRET.slice(0, -1),
    LINK_SECRET + "x",
    LINK_SECRET.toUpperCase(),
    ` ${LINK_SECRET}`,
    "secret",
    "",
    "test-jwt-secret", // the host's Medusa JWT secret
    "test-cookie-secret",
  ]
  for (let n = 0; n < 300; n++) wrongSecrets.push(crypto.randomBytes(1 + rand(48)).toString(rand(2) ? "hex" : "base64"))
  for (const secret of wrongSecrets) {
    for (const v of [2, 1]) {
      const body = `${h}.${b64({ v, sub: grant.id, aud: GRANT_AUDIENCE })}`
      add("wrong secret", `${body}.${hmac(secret || "\u0000", body)}`)
    }
    if (secret) add("wrong secret", jwt.sign({ v: 2 }, secret, { algorithm: "HS256", subject: grant.id, audience: GRANT_AUDIENCE, noTimestamp: true }))
  }
  // The right secret, but claims that are not a current grant link of this grant.
  const signed = (payload: Record<string, unknown>, header?: Record<string, unknown>, alg?: string) => signedToken(LINK_SECRET, payload, header, alg)
  const now = Math.floor(Date.now() / 1000)
  add("wrong audience (order link)", signed({ v: 1, sub: "order_hostile", aud: ORDER_AUDIENCE }))
  add("wrong audience (order link)", signed({ v: 2, sub: grant.id, aud: ORDER_AUDIENCE }))
  add("wrong audience (order link)", jwt.sign({ v: 1 }, LINK_SECRET, { algorithm: "HS256", subject: grant.order_id, audience: ORDER_AUDIENCE, noTimestamp: true }))
  for (const aud of ["digital-delivery:GRANT", "digital-delivery:grant ", "digital-delivery", "", ["digital-delivery:order"], null, 1]) {
    add("wrong audience", signed({ v: 2, sub: grant.id, aud }))
  }
  add("no audience", signed({ v: 2, sub: grant.id }))
  add("replayed old version", oldToken)
  for (const v of [1, 0, -1, 3, 99, 2.5, "2", null, true, [2], { v: 2 }, 2 ** 31, -(2 ** 31) - 1, 1e308]) {
    add("replayed or forged version", signed({ v, sub: grant.id, aud: GRANT_AUDIENCE }))
  }
  add("no version", signed({ sub: grant.id, aud: GRANT_AUDIENCE }))
  for (const sub of ["dgrant_doesnotexist", grant.id.toUpperCase(), `${grant.id} `, "' OR 1=1 --", "*", "", 42, null, [grant.id], { $ne: null }]) {
    add("forged subject", signed({ v: 2, sub, aud: GRANT_AUDIENCE }))
  }
  add("no subject", signed({ v: 2, aud: GRANT_AUDIENCE }))
  add("expired", signed({ v: 2, sub: grant.id, aud: GRANT_AUDIENCE, exp: now - 1 }))
  add("not yet valid", signed({ v: 2, sub: grant.id, aud: GRANT_AUDIENCE, nbf: now + 3600 }))
  add("expiry not a number", signed({ v: 2, sub: grant.id, aud: GRANT_AUDIENCE, exp: "never" }))
  for (const alg of ["none", "None", "NONE", "nOnE"]) {
    const body = `${b64({ alg, typ: "JWT" })}.${b64({ v: 2, sub: grant.id, aud: GRANT_AUDIENCE })}`
    add("alg none", `${body}.`)
    add("alg none", body)
    add("alg none", `${body}.${s}`)
  }
  add("alg HS384", signed({ v: 2, sub: grant.id, aud: GRANT_AUDIENCE }, { alg: "HS384", typ: "JWT" }, "sha384"))
  add("alg HS512", signed({ v: 2, sub: grant.id, aud: GRANT_AUDIENCE }, { alg: "HS512", typ: "JWT" }, "sha512"))
  add("alg RS256 header on an HMAC", signed({ v: 2, sub: grant.id, aud: GRANT_AUDIENCE }, { alg: "RS256", typ: "JWT" }))
  add("header with kid/jku", signed({ v: 2, sub: grant.id, aud: GRANT_AUDIENCE }, { alg: "HS256", typ: "JWT", kid: "../../dev/null", jku: "http://evil.example" }).replace(/\.[^.]+$/, `.${s}`))
  // Garbage and overlong.
  for (let n = 0; n < 200; n++) add("overlong", `${token}${B64[rand(64)].repeat(900 + rand(6000))}`)
  add("overlong", "x".repeat(1025))
  add("overlong", "a.".repeat(3000) + "a")
  // Code points, not UTF-16 units: a lone surrogate cannot be sent in a URL at all.
  const GARBAGE = Array.from(B64 + ".!$&'()*+,;=:@~%\"<>\\^`{|} é€😀\u0000\u0007\u202e")
  const garbage = (len: number, alphabet: string | string[]) =>
    Array.from({ length: len }, () => alphabet[rand(alphabet.length)]).join("")
  while (tokens.size < 10_000) {
    switch (rand(4)) {
      case 0:
        add("garbage", garbage(1 + rand(200), GARBAGE))
        break
      case 1:
        add("jwt-shaped garbage", `${garbage(10 + rand(60), B64)}.${garbage(10 + rand(120), B64)}.${garbage(43, B64)}`)
        break
      case 2:
        add("base64 json garbage", `${h}.${b64({ v: rand(5), sub: `dgrant_${garbage(26, B64)}`, aud: GRANT_AUDIENCE })}.${garbage(43, B64)}`)
        break
      default:
        // (URL-safe: kept under Node's 16 KB header limit, so the app, not Node, answers)
        add("overlong garbage", garbage(1025 + rand(5000), B64 + "."))
    }
  }
  return tokens
}
