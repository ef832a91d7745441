import crypto from "crypto"
import fs from "fs"
import { eventually } from "../helpers/files"
import { httpSuite } from "../helpers/harness"
import { readZip } from "../helpers/zip"
import type DigitalDeliveryModuleService from "../../src/modules/digital-delivery/service"

const KiB = 1024
const MiB = 1024 * KiB
const sha = (b: Buffer | string) => crypto.createHash("sha256").update(b).digest("hex")
const openFds = () => fs.readdirSync("/proc/self/fd").length

/** "Download all" on the guest order page: /digital-downloads/orders/:token/zip. */
httpSuite({}, (app) => {
  const { api, admin } = app
  const upload = app.upload

  async function rename(assetId: string, filename: string) {
    const { data } = await api.post(`/admin/digital-assets/${assetId}`, { filename }, admin)
    return data.digital_asset.filename as string
  }

  /** One order with a grant per asset (issued as deliver-order does); returns the grants and the ZIP's URL. */
  async function orderOf(assetIds: string[], max_downloads: number | null = 3) {
    const orderId = `order_zip_${crypto.randomBytes(4).toString("hex")}`
    const result = await app.issueGrants(assetIds.map((asset_id) => ({ order_id: orderId, asset_id, max_downloads, email: "guest@example.com" })))
    // Grants issued straight by the workflow: the order has no digital_order row, so its links are at version 1.
    const pageUrl = app.container().resolve<DigitalDeliveryModuleService>("digital_delivery").orderPageUrl(orderId, 1)
    return { orderId, grantIds: result.map((g) => g.id), zipUrl: `${app.baseURL}${new URL(pageUrl).pathname}/zip` }
  }

  const grantOf = async (id: string) => (await api.get(`/admin/download-grants/${id}`, admin)).data.download_grant

  /** Reads a response until `bytes` have arrived, then goes away. */
  async function abortAfter(url: string, bytes: number) {
    const controller = new AbortController()
    const res = await fetch(url, { signal: controller.signal })
    expect(res.status).toBe(200)
    const reader = res.body!.getReader()
    let got = 0
    while (got < bytes) {
      const { done, value } = await reader.read()
      if (done) throw new Error(`the ZIP ended after ${got} bytes`)
      got += value.length
    }
    controller.abort()
    await reader.closed.catch(() => undefined)
  }

  describe("a client that goes away", () => {
    it("20 ZIP downloads aborted after 512 KiB leave no file open", async () => {
      const big = await upload(crypto.randomBytes(16 * MiB), "album.wav")
      const small = await upload(crypto.randomBytes(200 * KiB), "cover.jpg")
      const { zipUrl } = await orderOf([big.id, small.id], null)

      // One whole ZIP first: pools and caches are warm, the baseline is stable.
      const whole = await fetch(zipUrl)
      expect(whole.status).toBe(200)
      const entries = await readZip(Buffer.from(await whole.arrayBuffer()))
      expect(entries.map((e) => e.name).sort()).toEqual(["album.wav", "cover.jpg"])

      const baseline = openFds()
      for (let i = 0; i < 20; i++) await abortAfter(zipUrl, 512 * KiB)
      // Before the fix: 20 more descriptors of album.wav, forever (yazl never closes an entry's stream).
      await eventually(async () => expect(openFds()).toBeLessThanOrEqual(baseline + 2), 10_000)
    })
  })

  describe("metering", () => {
    it("a ZIP cut during its first file charges the part sent and gives the files never started back", async () => {
      const big = await upload(crypto.randomBytes(16 * MiB), "film.mp4")
      const small = await upload(crypto.randomBytes(300 * KiB), "poster.png")
      const { grantIds, zipUrl } = await orderOf([big.id, small.id], 1)
      const service = app.container().resolve<DigitalDeliveryModuleService>("digital_delivery")
      const usage = async (id: string) => {
        const g = await service.retrieveDownloadGrant(id)
        return { used: Number(g.downloads_used), reserved: Number(g.reserved) }
      }

      await abortAfter(zipUrl, 2 * MiB)
      const [film, poster] = await eventually(async () => {
        const u = await Promise.all(grantIds.map(usage))
        for (const g of u) expect(g.reserved).toBe(0)
        return u
      })
      // The archive lists the files in either order: the poster was sent whole, or never started.
      expect([0, 1]).toContain(poster.used)
      // What was charged covers what the client read (2 MiB, headers aside) plus what the kernel still held.
      const charged = film.used * 16 * MiB + poster.used * 300 * KiB
      expect(charged).toBeGreaterThanOrEqual(2 * MiB - KiB)
      // Before metering: the file in progress counted whole (a limit of 1 used up by 2 MiB of 16).
      expect(film.used).toBeLessThan(0.9)

      // What is left downloads: the film (and the poster unless it was sent whole), every byte.
      const res = await fetch(zipUrl)
      expect(res.status).toBe(200)
      const entries = await readZip(Buffer.from(await res.arrayBuffer()))
      expect(entries.map((e) => e.name).sort()).toEqual(poster.used === 1 ? ["film.mp4"] : ["film.mp4", "poster.png"])
      await eventually(async () => {
        const [f, p] = await Promise.all(grantIds.map(usage))
        expect(f.reserved).toBe(0)
        expect(f.used).toBeCloseTo(film.used + 1, 6)
        expect(p).toEqual({ used: 1, reserved: 0 })
      })
    })
  })

  describe("HEAD", () => {
    it("answers the headers only: nothing counted, nothing read, no download event", async () => {
      const pdf = await upload(crypto.randomBytes(300 * KiB), "Guide.pdf")
      const epub = await upload(crypto.randomBytes(100 * KiB), "Guide.epub")
      const { orderId, grantIds, zipUrl } = await orderOf([pdf.id, epub.id])

      const head = await fetch(zipUrl, { method: "HEAD" })
      expect(head.status).toBe(200)
      expect(head.headers.get("content-type")).toBe("application/zip")
      expect(head.headers.get("content-disposition")).toBe(`attachment; filename="medusa-store-order-${orderId}.zip"`)
      expect((await head.arrayBuffer()).byteLength).toBe(0)

      // Events are written in batches just after a response: give them time to show.
      await new Promise((r) => setTimeout(r, 500))
      for (const id of grantIds) {
        const grant = await grantOf(id)
        // Before the fix: HEAD ran GET (Express's default): each file counted once, a "served" event each.
        expect([id, grant.downloads_used, grant.download_events]).toEqual([id, 0, []])
      }
      expect(head.headers.get("cache-control")).toBe("private, no-store, no-transform")
      expect(head.headers.get("x-content-type-options")).toBe("nosniff")
      expect(head.headers.get("referrer-policy")).toBe("no-referrer")
      expect(head.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox")

      // A link that is not ours: 404, as GET says.
      const bad = await fetch(zipUrl.replace(/\/orders\/[^/]+\/zip$/, "/orders/nope/zip"), { method: "HEAD" })
      expect(bad.status).toBe(404)

      // GET still serves and counts each file once.
      const get = await fetch(zipUrl)
      expect(get.status).toBe(200)
      await get.arrayBuffer()
      await eventually(async () => {
        for (const id of grantIds) expect((await grantOf(id)).downloads_used).toBe(1)
      })
    })
  })

  describe("file names", () => {
    it("zips files named C:book.pdf, ..\\evil.txt and CON under safe names, every byte intact", async () => {
      const contents = [crypto.randomBytes(150 * KiB), crypto.randomBytes(70 * KiB), crypto.randomBytes(5 * KiB), crypto.randomBytes(2 * KiB)]
      const assets = [
        await upload(contents[0], "book.pdf"),
        await upload(contents[1], "evil.txt"),
        await upload(contents[2], "device.txt"),
        await upload(contents[3], "null.txt"),
      ]
      // Names the upload and the rename both accept.
      expect(await rename(assets[0].id, "C:book.pdf")).toBe("C:book.pdf")
      const evil = await rename(assets[1].id, "..\\evil.txt")
      expect(evil).not.toMatch(/\\|\.\./)
      expect(await rename(assets[2].id, "CON")).toBe("CON")
      expect(await rename(assets[3].id, "NUL.txt")).toBe("NUL.txt")
      const { orderId, grantIds, zipUrl } = await orderOf(assets.map((a) => a.id))

      const res = await fetch(zipUrl)
      // Before the fix: 500 (yazl: "absolute path: C:book.pdf") after every file was counted.
      expect(res.status).toBe(200)
      expect(res.headers.get("content-type")).toBe("application/zip")
      expect(res.headers.get("content-disposition")).toBe(`attachment; filename="medusa-store-order-${orderId}.zip"`)
      expect(res.headers.get("cache-control")).toBe("private, no-store, no-transform")
      expect(res.headers.get("x-content-type-options")).toBe("nosniff")
      expect(res.headers.get("referrer-policy")).toBe("no-referrer")
      expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox")
      const body = Buffer.from(await res.arrayBuffer())
      expect(res.headers.get("content-length")).toBe(String(body.length))

      const entries = await readZip(body)
      // Grants issued together share created_at: the ZIP's order is not the upload order.
      const byName = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]))
      expect(entries.map((e) => [e.name, e.size, e.sha256]).sort(byName)).toEqual(
        [
          ["C_book.pdf", contents[0].length, sha(contents[0])],
          ["_evil.txt", contents[1].length, sha(contents[1])],
          ["CON_", contents[2].length, sha(contents[2])],
          ["NUL_.txt", contents[3].length, sha(contents[3])],
        ].sort(byName)
      )
      for (const { name } of entries) {
        expect(name).not.toMatch(/^[a-zA-Z]:|^\/|\\|(^|\/)\.\.(\/|$)/)
      }
      await eventually(async () => {
        for (const id of grantIds) expect((await grantOf(id)).downloads_used).toBe(1)
      })
    })
  })
})
