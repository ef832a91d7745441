import { isCrossSiteRequest } from "../cross-site"

const BACKEND = "https://api.shop.example"
const check = (headers: Record<string, string>) => isCrossSiteRequest({ host: "localhost:9000", ...headers }, BACKEND)

describe("isCrossSiteRequest", () => {
  it("trusts Fetch Metadata first: same-origin and none pass, everything else is refused", () => {
    expect(check({ "sec-fetch-site": "same-origin" })).toBe(false)
    // A same-origin form from a page with Referrer-Policy: no-referrer still says same-origin.
    expect(check({ "sec-fetch-site": "same-origin", origin: "null" })).toBe(false)
    expect(check({ "sec-fetch-site": "none" })).toBe(false)
    expect(check({ "sec-fetch-site": "Same-Origin" })).toBe(false)
    expect(check({ "sec-fetch-site": "same-site", origin: "http://blog.localhost:9000" })).toBe(true)
    expect(check({ "sec-fetch-site": "cross-site", origin: "http://localhost:9000" })).toBe(true)
    expect(check({ "sec-fetch-site": "something-new" })).toBe(true)
  })

  it("without Fetch Metadata, the Origin must name this server", () => {
    expect(check({ origin: "http://localhost:9000" })).toBe(false)
    expect(check({ origin: "https://api.shop.example" })).toBe(false) // backend_url
    expect(check({ origin: "https://API.shop.example:443" })).toBe(false)
    expect(check({ origin: "https://shop.example", "x-forwarded-host": "shop.example" })).toBe(false)
    expect(check({ origin: "https://shop.example", "x-forwarded-host": "proxy.internal, shop.example" })).toBe(false)
    expect(check({ origin: "http://localhost:9001" })).toBe(true)
    expect(check({ origin: "https://attacker.example" })).toBe(true)
    expect(check({ origin: "https://api.shop.example.attacker.example" })).toBe(true)
    expect(check({ origin: "null" })).toBe(true)
    expect(check({ origin: "file://" })).toBe(true)
    expect(check({ origin: "" })).toBe(false) // no header at all, as below
  })

  it("lets through requests that are not from a browser (no Origin, no Fetch Metadata)", () => {
    expect(check({})).toBe(false)
    expect(isCrossSiteRequest({}, undefined)).toBe(false)
  })

  it("survives a bad backend_url", () => {
    expect(isCrossSiteRequest({ host: "localhost:9000", origin: "http://localhost:9000" }, "not a url")).toBe(false)
    expect(isCrossSiteRequest({ host: "localhost:9000", origin: "https://attacker.example" }, "not a url")).toBe(true)
  })
})
