import net from "net"

/** "::ffff:a.b.c.d" and "::ffff:xxxx:yyyy" (the whole 0:0:0:0:0:ffff: prefix, any case). */
const MAPPED_DOTTED = /^(?:0{0,4}:){0,5}:?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i
const MAPPED_HEX = /^(?:0{0,4}:){0,5}:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i

/**
 * A client's address as the merchant reads it: an IPv4 client of a server
 * listening on IPv6 arrives as an IPv4-mapped address ("::ffff:127.0.0.1"),
 * recorded and shown as the IPv4 address it is ("127.0.0.1"). Every other
 * value is kept as it is; nothing is null.
 */
export function normalizeIp(ip: string | null | undefined): string | null {
  if (!ip) return null
  const dotted = MAPPED_DOTTED.exec(ip)
  if (dotted && net.isIPv6(ip) && net.isIPv4(dotted[1])) return dotted[1]
  const hex = MAPPED_HEX.exec(ip)
  if (hex && net.isIPv6(ip)) {
    const [high, low] = [parseInt(hex[1], 16), parseInt(hex[2], 16)]
    return [high >> 8, high & 255, low >> 8, low & 255].join(".")
  }
  return ip
}
