import jwt from "jsonwebtoken"
import { LinkSigner, type LinkClaims, type LinkKind } from "../utils/link-signer"

const SECRET = "a".repeat(40)

// One signer per secret for the whole file, as a service holds one: what a
// signer remembers is shared between the tests that use the same secret.
const signers = new Map<string, LinkSigner>()
function signerOf(secret: string): LinkSigner {
  let signer = signers.get(secret)
  if (!signer) signers.set(secret, (signer = new LinkSigner(secret)))
  return signer
}
const signLink = (secret: string, claims: LinkClaims, options?: { expiresInSeconds?: number }) => signerOf(secret).sign(claims, options)
const verifyLink = (secret: string, token: string, kind: LinkKind) => signerOf(secret).verify(token, kind)

describe("signed links", () => {
  it("round-trips the grant id and token version", () => {
    const token = signLink(SECRET, { id: "dgrant_1", version: 3, kind: "grant" })
    expect(verifyLink(SECRET, token, "grant")).toEqual({ id: "dgrant_1", version: 3, kind: "grant" })
  })

  it("carries nothing but the grant id and version", () => {
    const token = signLink(SECRET, { id: "dgrant_1", version: 3, kind: "grant" })
    const payload = jwt.decode(token) as Record<string, unknown>
    expect(Object.keys(payload).sort()).toEqual(["aud", "sub", "v"])
  })

  it("rejects a token signed with another secret", () => {
    const token = signLink("b".repeat(40), { id: "dgrant_1", version: 1, kind: "grant" })
    expect(verifyLink(SECRET, token, "grant")).toBeNull()
  })

  it("rejects any tampered byte", () => {
    const token = signLink(SECRET, { id: "dgrant_1", version: 1, kind: "grant" })
    const [header, , signature] = token.split(".")
    const forged = Buffer.from(JSON.stringify({ v: 1, sub: "dgrant_2", aud: "digital-delivery:grant" })).toString("base64url")
    expect(verifyLink(SECRET, `${header}.${forged}.${signature}`, "grant")).toBeNull()
    for (let i = 0; i < token.length; i += 7) {
      const c = token[i] === "A" ? "B" : "A"
      const mutated = token.slice(0, i) + c + token.slice(i + 1)
      if (mutated !== token) expect(verifyLink(SECRET, mutated, "grant")).toBeNull()
    }
  })

  it("rejects the `none` algorithm and other algorithms", () => {
    const none = jwt.sign({ v: 1 }, "", { algorithm: "none", subject: "dgrant_1", audience: "digital-delivery:grant" })
    expect(verifyLink(SECRET, none, "grant")).toBeNull()
    const hs512 = jwt.sign({ v: 1 }, SECRET, { algorithm: "HS512", subject: "dgrant_1", audience: "digital-delivery:grant" })
    expect(verifyLink(SECRET, hs512, "grant")).toBeNull()
  })

  it("keeps an order-page token from opening a file and the reverse", () => {
    const order = signLink(SECRET, { id: "order_1", version: 1, kind: "order" })
    expect(verifyLink(SECRET, order, "grant")).toBeNull()
    expect(verifyLink(SECRET, order, "order")).toEqual({ id: "order_1", version: 1, kind: "order" })
  })

  it("remembers a verified link without trusting it across secrets or kinds", () => {
    const order = signLink(SECRET, { id: "order_9", version: 2, kind: "order" })
    expect(verifyLink(SECRET, order, "order")).toEqual({ id: "order_9", version: 2, kind: "order" })
    // the second answer comes from memory: still only for its own kind and its own secret
    expect(verifyLink(SECRET, order, "order")).toEqual({ id: "order_9", version: 2, kind: "order" })
    expect(verifyLink(SECRET, order, "grant")).toBeNull()
    expect(verifyLink("c".repeat(40), order, "order")).toBeNull()
  })

  it("does not remember a link with an expiry past it", () => {
    jest.useFakeTimers({ now: Date.now() })
    try {
      const token = signLink(SECRET, { id: "dgrant_7", version: 1, kind: "grant" }, { expiresInSeconds: 60 })
      expect(verifyLink(SECRET, token, "grant")).toEqual({ id: "dgrant_7", version: 1, kind: "grant" })
      jest.setSystemTime(Date.now() + 61_000)
      expect(verifyLink(SECRET, token, "grant")).toBeNull()
    } finally {
      jest.useRealTimers()
    }
  })

  it("reports the version so the caller can refuse old links", () => {
    const old = signLink(SECRET, { id: "dgrant_1", version: 1, kind: "grant" })
    expect(verifyLink(SECRET, old, "grant")!.version).toBe(1)
  })

  it("honours an expiry when one is given", () => {
    const expired = jwt.sign({ v: 1, exp: Math.floor(Date.now() / 1000) - 10 }, SECRET, {
      algorithm: "HS256",
      subject: "dgrant_1",
      audience: "digital-delivery:grant",
    })
    expect(verifyLink(SECRET, expired, "grant")).toBeNull()
    const fresh = signLink(SECRET, { id: "dgrant_1", version: 1, kind: "grant" }, { expiresInSeconds: 60 })
    expect(verifyLink(SECRET, fresh, "grant")).not.toBeNull()
  })

  it("rejects garbage and oversized input without throwing", () => {
    for (const bad of ["", "abc", "a.b.c", "x".repeat(5000), "..", "%00"]) {
      expect(verifyLink(SECRET, bad, "grant")).toBeNull()
    }
  })
})
