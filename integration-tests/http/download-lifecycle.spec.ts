import fs from "fs"
import { download, eventually, randomFile, sha256Of, uploadFile } from "../helpers/files"
import { httpSuite } from "../helpers/harness"

const MiB = 1024 * 1024

httpSuite({}, (app) => {
  const { api, admin } = app
  let variantId: string

  beforeAll(async () => {
    const { data } = await api.post(
      "/admin/products",
      {
        title: "The Digital Book",
        options: [{ title: "Format", values: ["PDF"] }],
        variants: [{ title: "PDF", options: { Format: "PDF" }, prices: [{ currency_code: "usd", amount: 10 }] }],
      },
      admin
    )
    variantId = data.product.variants[0].id
  })

  /** Issues a grant for an order line the way deliver-order does (3 downloads unless `line` says), as the admin sees it. */
  const grantFor = (assetId: string, line: Record<string, unknown> = {}) =>
    app.grant(assetId, { order_id: "order_test", max_downloads: 3, ...line })

  const linkOf = (grant: { download_url: string }) => app.link(grant.download_url)
  const smallAsset = (content = "hello, reader\n", name = "notes.txt") => app.upload(content, name)

  describe("a purchased 50 MiB file through its whole life: upload, attach, download, resume, replace", () => {
    let original: Awaited<ReturnType<typeof randomFile>>
    let asset: any
    let grant: any
    let url: string
    afterAll(() => original?.cleanup())

    app.seed(async () => {
      original = await randomFile(50 * MiB + 123, "Żółta książka.pdf")
      // upload (streamed multipart) with a customer-facing name
      const created = await uploadFile(app.baseURL, "/admin/digital-assets", admin.headers, original.file, {
        title: "The Yellow Book",
      })
      expect(created.status).toBe(201)
      asset = created.body.digital_asset
      expect(asset).toEqual(
        expect.objectContaining({
          title: "The Yellow Book",
          kind: "file",
          filename: "Żółta książka.pdf",
          mime_type: "application/pdf",
          size: original.size,
          sha256: original.sha256,
          version: 1,
        })
      )
      expect(JSON.stringify(created.body)).not.toMatch(/file_id|private|digital-delivery\//)

      // attach to the variant
      const attached = await api.post(`/admin/digital-assets/${asset.id}/variants`, { add: [variantId] }, admin)
      expect(attached.data.digital_asset.product_variants.map((v: any) => v.id)).toEqual([variantId])

      grant = await grantFor(asset.id)
      expect(grant).toEqual(expect.objectContaining({ status: "active", downloads_used: 0, bytes_sent: 0, max_downloads: 3 }))
      // The reservation is the server's business, and the old counter is gone.
      for (const field of ["reserved", "raw_reserved", "download_count", "last_counted_at"]) expect(grant).not.toHaveProperty(field)
      url = linkOf(grant)
    })

    /** A full download, a resume from the middle (If-Range), a closed range, a HEAD and a 416: 1.5 copies' worth. */
    async function everyKindOfRequest() {
      const full = await download(url)
      const etag = full.headers.get("etag")!
      const half = Math.floor(original.size / 2)
      const resumed = await download(url, { range: `bytes=${half}-`, "if-range": etag })
      const middle = await download(url, { range: "bytes=1000-1999" })
      const head = await download(url, {}, "HEAD")
      const unsatisfiable = await download(url, { range: `bytes=${original.size}-` })
      return { full, etag, half, resumed, middle, head, unsatisfiable }
    }

    it("a full download: identical bytes, every header", async () => {
      const full = await download(url)
      expect(full.status).toBe(200)
      expect(full.sha256).toBe(original.sha256)
      expect(full.headers.get("content-length")).toBe(String(original.size))
      expect(full.headers.get("content-type")).toBe("application/pdf")
      expect(full.headers.get("accept-ranges")).toBe("bytes")
      expect(full.headers.get("cache-control")).toBe("private, no-store, no-transform")
      expect(full.headers.get("x-content-type-options")).toBe("nosniff")
      expect(full.headers.get("content-disposition")).toBe(
        `attachment; filename="Zo_ta ksiazka.pdf"; filename*=UTF-8''${encodeURIComponent("Żółta książka.pdf")}`
      )
      expect(full.headers.get("etag")).toMatch(/^"v1-/)
      expect(full.headers.get("last-modified")).toBeTruthy()
      // Counted before the next test restores the database (events are written just after a response).
      await eventually(async () => expect((await api.get(`/admin/download-grants/${grant.id}`, admin)).data.download_grant.downloads_used).toBe(1))
    })

    it("resume from the middle, a closed range, HEAD and an unsatisfiable range: the right bytes, each charged what it sent", async () => {
      const { half, resumed, middle, head, unsatisfiable } = await everyKindOfRequest()
      // resume from the middle: 206, right bytes, charged its half
      expect(resumed.status).toBe(206)
      expect(resumed.headers.get("content-range")).toBe(`bytes ${half}-${original.size - 1}/${original.size}`)
      expect(resumed.bytes).toBe(original.size - half)
      expect(resumed.sha256).toBe(await sha256Of(original.file, half))
      // a closed range in the middle
      expect(middle.status).toBe(206)
      expect(middle.sha256).toBe(await sha256Of(original.file, 1000, 1999))
      // HEAD: headers, no body, never counted
      expect(head.status).toBe(200)
      expect(head.bytes).toBe(0)
      expect(head.headers.get("content-length")).toBe(String(original.size))
      // unsatisfiable range: 416 with the size, charges nothing
      expect(unsatisfiable.status).toBe(416)
      expect(unsatisfiable.headers.get("content-range")).toBe(`bytes */${original.size}`)

      const { data } = await eventually(async () => {
        const res = await api.get(`/admin/download-grants/${grant.id}`, admin)
        const outcomes = res.data.download_grant.download_events.map((e: any) => e.outcome).sort()
        expect(outcomes).toEqual(["head", "range_not_satisfiable", "served", "served", "served"])
        // one whole copy, the second half (0.500001) and 1000 bytes (0.00002): shown rounded down
        expect(res.data.download_grant.downloads_used).toBe(1.5)
        return res
      })
      expect(data.download_grant.bytes_sent).toBe(original.size + (original.size - half) + 1000)
      const served = data.download_grant.download_events.find((e: any) => Number(e.bytes_sent) === original.size)
      expect(Number(served.bytes_sent)).toBe(original.size)
      expect(served.counted).toBe(true)
    })

    it("a rename and a new version: the same link serves both, and If-Range on the old ETag restarts", async () => {
      const { etag, half } = await everyKindOfRequest()
      // rename: the link keeps working with the new name
      await api.post(`/admin/digital-assets/${asset.id}`, { filename: "yellow-book.pdf" }, admin)
      const renamed = await download(url, { range: "bytes=0-0" })
      expect(renamed.headers.get("content-disposition")).toBe('attachment; filename="yellow-book.pdf"')

      // replace the file: the same (old) link serves the new version, and If-Range on the old ETag restarts
      const replacement = await randomFile(2 * MiB, "v2.pdf")
      try {
        const replaced = await uploadFile(app.baseURL, `/admin/digital-assets/${asset.id}/file`, admin.headers, replacement.file)
        expect(replaced.status).toBe(200)
        expect(replaced.body.digital_asset).toEqual(
          expect.objectContaining({ version: 2, size: replacement.size, sha256: replacement.sha256, filename: "yellow-book.pdf" })
        )
        const stale = await download(url, { range: `bytes=${half}-`, "if-range": etag })
        expect(stale.status).toBe(200)
        expect(stale.sha256).toBe(replacement.sha256)
        expect(stale.headers.get("etag")).not.toBe(etag)
      } finally {
        replacement.cleanup()
      }
      // 1.5 before, + 1 byte of the renamed file and the whole new version (the stale If-Range)
      await eventually(async () => {
        const { data } = await api.get(`/admin/download-grants/${grant.id}`, admin)
        expect(data.download_grant.downloads_used).toBe(2.5)
      })
    })
  })

  it("applies the merchant's changes to links already sent: limit, disable, expiry, reset, revoke, regenerate", async () => {
    const asset = await smallAsset()
    const grant = await grantFor(asset.id, { max_downloads: 1 })
    const url = linkOf(grant)
    const json = { accept: "application/json" }

    expect((await download(url)).status).toBe(200)
    let denied = await fetch(url, { headers: json })
    expect(denied.status).toBe(410)
    expect(await denied.json()).toEqual({ code: "limit_reached", message: expect.stringMatching(/Medusa Store can reset your downloads/) })

    // reset the usage (the Admin sends downloads_used: 0; bytes_sent is kept)
    let reset = await api.post(`/admin/download-grants/${grant.id}`, { downloads_used: 0 }, admin)
    expect(reset.data.download_grant).toEqual(expect.objectContaining({ downloads_used: 0, status: "active" }))
    expect(reset.data.download_grant.bytes_sent).toBeGreaterThan(0)
    expect((await download(url)).status).toBe(200)
    expect((await fetch(url, { headers: json })).status).toBe(410)
    // the name before byte metering resets it too
    reset = await api.post(`/admin/download-grants/${grant.id}`, { download_count: 0 }, admin)
    expect(reset.data.download_grant).toEqual(expect.objectContaining({ downloads_used: 0, status: "active" }))
    expect((await download(url)).status).toBe(200)
    // raise the limit
    await api.post(`/admin/download-grants/${grant.id}`, { max_downloads: 5 }, admin)
    expect((await download(url)).status).toBe(200)

    // disable: 403, and a readable page for browsers
    await api.post(`/admin/download-grants/${grant.id}`, { enabled: false }, admin)
    denied = await fetch(url, { headers: { accept: "text/html", "accept-language": "fr-FR,fr;q=0.9" } })
    expect(denied.status).toBe(403)
    expect(denied.headers.get("content-type")).toMatch(/text\/html/)
    expect(await denied.text()).toMatch(/Téléchargement désactivé/)
    await api.post(`/admin/download-grants/${grant.id}`, { enabled: true }, admin)

    // expiry in the past: 410 expired
    await api.post(`/admin/download-grants/${grant.id}`, { expires_at: new Date(Date.now() - 60_000).toISOString() }, admin)
    denied = await fetch(url, { headers: json })
    expect(denied.status).toBe(410)
    expect((await denied.json()).code).toBe("expired")
    let { data } = await api.post(`/admin/download-grants/${grant.id}`, { expires_at: null }, admin)
    expect(data.download_grant.status).toBe("active")
    expect((await download(url)).status).toBe(200)

    // regenerate: the old link dies (404, like any unknown link), the new one works
    ;({ data } = await api.post(`/admin/download-grants/${grant.id}/regenerate-link`, {}, admin))
    const fresh = linkOf(data.download_grant)
    expect(fresh).not.toBe(url)
    denied = await fetch(url, { headers: json })
    expect(denied.status).toBe(404)
    expect((await denied.json()).code).toBe("not_found")
    expect((await download(fresh)).status).toBe(200)

    // revoke: 410 revoked
    ;({ data } = await api.post(`/admin/download-grants/${grant.id}/revoke`, {}, admin))
    expect(data.download_grant.status).toBe("revoked")
    denied = await fetch(fresh, { headers: json })
    expect(denied.status).toBe(410)
    expect((await denied.json()).code).toBe("revoked")

    // delete: the link is gone, the grant no longer listed
    await api.delete(`/admin/download-grants/${grant.id}`, admin)
    expect((await fetch(fresh, { headers: json })).status).toBe(404)
    const list = await api.get(`/admin/download-grants?order_id=order_test`, admin)
    expect(list.data.download_grants.map((g: any) => g.id)).not.toContain(grant.id)
  })

  it("streams with backpressure and closes the file when the client goes away", async () => {
    const big = await randomFile(128 * MiB, "big.bin")
    try {
      const created = await uploadFile(app.baseURL, "/admin/digital-assets", admin.headers, big.file)
      expect(created.status).toBe(201)
      const grant = await grantFor(created.body.digital_asset.id, { max_downloads: null })
      const url = linkOf(grant)
      const openFds = () => fs.readdirSync("/proc/self/fd").length

      // Bytes this process has read through read(2) so far (file and sockets).
      const bytesRead = () => Number(/rchar: (\d+)/.exec(fs.readFileSync("/proc/self/io", "utf8"))![1])
      const fdsBefore = openFds()
      const readBefore = bytesRead()
      // A client that stops reading: the server must stop reading the file too.
      const controller = new AbortController()
      const res = await fetch(url, { signal: controller.signal })
      expect(res.status).toBe(200)
      const reader = res.body!.getReader()
      await reader.read()
      await new Promise((r) => setTimeout(r, 1500))
      // Without backpressure the server would have read (and buffered) all 128 MiB by now.
      expect(bytesRead() - readBefore).toBeLessThan(32 * MiB)

      // Abort mid-way, ten times: every file handle is closed again.
      controller.abort()
      for (let i = 0; i < 10; i++) {
        const c = new AbortController()
        const r = await fetch(url, { signal: c.signal })
        await r.body!.getReader().read()
        c.abort()
      }
      await eventually(async () => expect(openFds()).toBeLessThanOrEqual(fdsBefore + 2))
      const events = await eventually(async () => {
        const { data } = await api.get(`/admin/download-grants/${grant.id}`, admin)
        const aborted = data.download_grant.download_events.filter((e: any) => e.outcome === "aborted")
        expect(aborted).toHaveLength(11)
        return aborted
      })
      for (const e of events) {
        expect(Number(e.bytes_sent)).toBeLessThan(big.size)
      }
    } finally {
      big.cleanup()
    }
  })

  it("answers 404 for unknown, malformed and tampered links, revealing nothing", async () => {
    const asset = await smallAsset()
    const grant = await grantFor(asset.id)
    const url = linkOf(grant)
    const token = url.split("/").pop()!
    const tampered = token.slice(0, -3) + (token.endsWith("AAA") ? "BBB" : "AAA")
    const bodies = new Set<string>()
    for (const t of ["nope", "a.b.c", tampered, "x".repeat(3000)]) {
      const res = await fetch(`${app.baseURL}/digital-downloads/${t}`, { headers: { accept: "application/json" } })
      expect(res.status).toBe(404)
      bodies.add(await res.text())
    }
    expect(bodies.size).toBe(1)
  })

  it("counts an external link and redirects to it", async () => {
    const { data } = await api.post(
      "/admin/digital-assets",
      { kind: "external_link", title: "Installer", external_url: "https://downloads.example.com/app-1.2.dmg" },
      admin
    )
    expect(data.digital_asset).toEqual(expect.objectContaining({ kind: "external_link", filename: "Installer" }))
    const grant = await grantFor(data.digital_asset.id, { max_downloads: 1 })
    const first = await fetch(linkOf(grant), { redirect: "manual" })
    expect(first.status).toBe(302)
    expect(first.headers.get("location")).toBe("https://downloads.example.com/app-1.2.dmg")
    const second = await fetch(linkOf(grant), { redirect: "manual" })
    expect(second.status).toBe(410)
  })

  it("serves exactly the limit to 50 parallel downloads", async () => {
    const asset = await smallAsset("x".repeat(64 * 1024), "parallel.bin")
    const grant = await grantFor(asset.id, { max_downloads: 3 })
    const url = linkOf(grant)
    const results = await Promise.all(Array.from({ length: 50 }, () => download(url)))
    const statuses = results.map((r) => r.status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(3)
    expect(statuses.filter((s) => s === 410)).toHaveLength(47)
    await eventually(async () => {
      const { data } = await api.get(`/admin/download-grants/${grant.id}`, admin)
      expect(data.download_grant.downloads_used).toBe(3)
    })
  })
})
