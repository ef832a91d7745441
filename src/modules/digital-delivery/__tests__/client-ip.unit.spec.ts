import { normalizeIp } from "../utils/client-ip"

describe("normalizeIp: an IPv4 client reads as IPv4 (issue 15)", () => {
  it("turns IPv4-mapped IPv6 addresses into IPv4, in dotted and in hex form", () => {
    expect(normalizeIp("::ffff:127.0.0.1")).toBe("127.0.0.1")
    expect(normalizeIp("::FFFF:203.0.113.7")).toBe("203.0.113.7")
    expect(normalizeIp("::ffff:7f00:1")).toBe("127.0.0.1")
    expect(normalizeIp("0:0:0:0:0:ffff:cb00:7107")).toBe("203.0.113.7")
  })

  it("keeps every other address as it is, and nothing as null", () => {
    for (const ip of ["127.0.0.1", "::1", "2001:db8::ffff:1.2.3.4", "2001:db8::1", "fe80::1%eth0", "unknown"]) {
      expect(normalizeIp(ip)).toBe(ip)
    }
    expect(normalizeIp(undefined)).toBeNull()
    expect(normalizeIp(null)).toBeNull()
    expect(normalizeIp("")).toBeNull()
  })
})
