import crypto from "crypto"
import fs from "fs"
import os from "os"
import path from "path"
import { PDFDocument } from "pdf-lib"
import { chromium } from "playwright-core"
import { eventually } from "../helpers/files"
import { httpSuite } from "../helpers/harness"
import { createDigitalProduct, registerCustomer } from "../helpers/store"

/**
 * Previews (issue 17): public samples of a product or of one of its files,
 * uploaded by the merchant or cut from a PDF (first pages) or a WAV (first
 * seconds), served at /digital-downloads/previews/:id with Range, inline,
 * a public cache and a strong ETag, and listed by the Store API's product facts.
 *
 * Rate limits on: previews per address low for the 429 test; every other test
 * speaks from its own address (Medusa trusts one proxy hop: X-Forwarded-For).
 */
const LIMITS = { window_seconds: 60, previews_per_ip: 25 }

// This spec's own storage directory: a deleted preview's stored file must go with it.
const storageDir = fs.mkdtempSync(path.join(os.tmpdir(), "dd-previews-storage-"))
const privateDir = path.join(storageDir, "private")
const privateFiles = () => (fs.existsSync(privateDir) ? fs.readdirSync(privateDir).sort() : [])

let ipSeq = 0
/** Headers of a client at a new address. */
const client = (extra: Record<string, string> = {}) => ({ "x-forwarded-for": `198.18.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`, ...extra })

/** A WAV file: 16-bit stereo PCM at `rate` Hz, `seconds` long, a counting signal. */
function wavFile(seconds: number, rate = 8000) {
  const blockAlign = 4
  const data = Buffer.alloc(seconds * rate * blockAlign)
  for (let i = 0; i < data.length; i++) data[i] = (i * 7) % 256
  const header = Buffer.alloc(44)
  header.write("RIFF", 0, "latin1")
  header.writeUInt32LE(36 + data.length, 4)
  header.write("WAVEfmt ", 8, "latin1")
  header.writeUInt32LE(16, 16)
  header.writeUInt16LE(1, 20)
  header.writeUInt16LE(2, 22)
  header.writeUInt32LE(rate, 24)
  header.writeUInt32LE(rate * blockAlign, 28)
  header.writeUInt16LE(blockAlign, 32)
  header.writeUInt16LE(16, 34)
  header.write("data", 36, "latin1")
  header.writeUInt32LE(data.length, 40)
  return Buffer.concat([header, data])
}

async function pdfFile(pages: number) {
  const doc = await PDFDocument.create()
  for (let i = 0; i < pages; i++) doc.addPage([300 + i, 400]).drawText(`Chapter ${i + 1}`)
  return Buffer.from(await doc.save())
}

httpSuite({ store: true, env: { DD_TEST_RATE_LIMIT: JSON.stringify(LIMITS), DD_TEST_STORAGE_DIR: storageDir } }, (app) => {
  const { api, admin } = app
  afterAll(() => fs.rmSync(storageDir, { recursive: true, force: true }))

  /** Uploads a preview through the Admin (multipart), whatever the answer. */
  async function uploadPreview(content: Buffer | string, name: string, fields: Record<string, string>, headers = admin.headers) {
    const form = new FormData()
    for (const [k, v] of Object.entries(fields)) form.append(k, v)
    form.append("file", new Blob([typeof content === "string" ? content : new Uint8Array(content)]), name)
    const res = await fetch(`${app.baseURL}/admin/digital-previews`, { method: "POST", headers, body: form })
    return { status: res.status, body: (await res.json()) as any }
  }

  const fetchPreview = (url: string, headers: Record<string, string> = {}, method = "GET") => fetch(app.link(url), { method, headers: client(headers) })

  const responseOf = async (call: Promise<{ status: number; data: any }>) => {
    try {
      return await call
    } catch (err: any) {
      if (!err.response) throw err
      return err.response as { status: number; data: any }
    }
  }

  describe("an uploaded preview", () => {
    it("is served inline with its type, a public cache, a strong ETag; HEAD has the same headers", async () => {
      const { productId } = await createDigitalProduct(api, admin, app.baseURL, app.store, [{ name: "Book.pdf", content: "the paid book" }])
      const clip = crypto.randomBytes(200_000)
      const uploaded = await uploadPreview(clip, "Trailer «1».mp4", { product_id: productId, title: "Trailer" })
      expect(uploaded.status).toBe(201)
      const preview = uploaded.body.digital_preview
      expect(preview).toMatchObject({ product_id: productId, asset_id: null, title: "Trailer", filename: "Trailer «1».mp4", mime_type: "video/mp4", size: 200_000, position: 0, source: "uploaded" })
      expect(preview.file_id).toBeUndefined()
      expect(preview.url).toBe(`http://localhost:9000/digital-downloads/previews/${preview.id}`)

      const res = await fetchPreview(preview.url)
      expect(res.status).toBe(200)
      expect(Buffer.from(await res.arrayBuffer()).equals(clip)).toBe(true)
      expect(res.headers.get("content-type")).toBe("video/mp4")
      expect(res.headers.get("content-length")).toBe("200000")
      expect(res.headers.get("accept-ranges")).toBe("bytes")
      expect(res.headers.get("content-disposition")).toBe(`inline; filename="Trailer _1_.mp4"; filename*=UTF-8''Trailer%20%C2%AB1%C2%BB.mp4`)
      expect(res.headers.get("cache-control")).toBe("public, max-age=3600")
      expect(res.headers.get("x-content-type-options")).toBe("nosniff")
      const etag = res.headers.get("etag")!
      expect(etag).toMatch(/^"p-[0-9a-f]{40}"$/)
      expect(etag.slice(3, 43)).toBe(crypto.createHash("sha256").update(clip).digest("hex").slice(0, 40))

      const head = await fetchPreview(preview.url, {}, "HEAD")
      expect(head.status).toBe(200)
      expect(await head.text()).toBe("")
      for (const name of ["content-type", "content-length", "content-disposition", "cache-control", "etag", "last-modified", "accept-ranges"]) {
        expect([name, head.headers.get(name)]).toEqual([name, res.headers.get(name)])
      }
    })

    it("answers If-None-Match with 304 (no body, the validators), and a changed tag with the file", async () => {
      const { productId } = await createDigitalProduct(api, admin, app.baseURL, app.store, [{ name: "a.pdf", content: "x" }])
      const { body } = await uploadPreview("a screenshot", "shot.png", { product_id: productId })
      const first = await fetchPreview(body.digital_preview.url)
      await first.arrayBuffer()
      const etag = first.headers.get("etag")!
      const again = await fetchPreview(body.digital_preview.url, { "if-none-match": etag })
      expect(again.status).toBe(304)
      expect(await again.text()).toBe("")
      expect(again.headers.get("etag")).toBe(etag)
      expect(again.headers.get("cache-control")).toBe("public, max-age=3600")
      expect((await fetchPreview(body.digital_preview.url, { "if-none-match": `W/${etag}, "other"` }, "HEAD")).status).toBe(304)
      const changed = await fetchPreview(body.digital_preview.url, { "if-none-match": '"p-somethingelse"' })
      expect(changed.status).toBe(200)
      expect(await changed.text()).toBe("a screenshot")
      expect((await fetchPreview(body.digital_preview.url, { "if-match": '"p-somethingelse"' })).status).toBe(412)
    })
  })

  describe("Range, for seeking in <audio> and <video>", () => {
    let url: string
    let bytes: Buffer
    app.seed(async () => {
      const { productId } = await createDigitalProduct(api, admin, app.baseURL, app.store, [{ name: "album.zip", content: "paid" }])
      bytes = crypto.randomBytes(150_000) // larger than the small-file read: streamed at the range
      const { body } = await uploadPreview(bytes, "clip.mp3", { product_id: productId })
      url = body.digital_preview.url
    })

    it("answers Safari's bytes=0-1 probe with 206 and Content-Range: bytes 0-1/N", async () => {
      const res = await fetchPreview(url, { range: "bytes=0-1" })
      expect(res.status).toBe(206)
      expect(res.headers.get("content-range")).toBe(`bytes 0-1/${bytes.length}`)
      expect(res.headers.get("content-length")).toBe("2")
      expect(res.headers.get("content-type")).toBe("audio/mpeg")
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes.subarray(0, 2))).toBe(true)
    })

    it("serves a middle range, an open range and a suffix range", async () => {
      const mid = await fetchPreview(url, { range: "bytes=70000-79999" })
      expect([mid.status, mid.headers.get("content-range")]).toEqual([206, `bytes 70000-79999/${bytes.length}`])
      expect(Buffer.from(await mid.arrayBuffer()).equals(bytes.subarray(70000, 80000))).toBe(true)
      const open = await fetchPreview(url, { range: "bytes=149000-" })
      expect(Buffer.from(await open.arrayBuffer()).equals(bytes.subarray(149000))).toBe(true)
      const suffix = await fetchPreview(url, { range: "bytes=-500" })
      expect([suffix.status, suffix.headers.get("content-range")]).toEqual([206, `bytes ${bytes.length - 500}-${bytes.length - 1}/${bytes.length}`])
      expect(Buffer.from(await suffix.arrayBuffer()).equals(bytes.subarray(bytes.length - 500))).toBe(true)
    })

    it("answers an unsatisfiable range with 416 and Content-Range: bytes */N", async () => {
      const res = await fetchPreview(url, { range: `bytes=${bytes.length}-`, accept: "application/json" })
      expect(res.status).toBe(416)
      expect(res.headers.get("content-range")).toBe(`bytes */${bytes.length}`)
      expect((await res.json()).code).toBe("range_not_satisfiable")
    })

    it("honours If-Range: the range for the current ETag, the whole file for another", async () => {
      const etag = (await fetchPreview(url, {}, "HEAD")).headers.get("etag")!
      const fresh = await fetchPreview(url, { range: "bytes=10-19", "if-range": etag })
      expect(fresh.status).toBe(206)
      await fresh.arrayBuffer()
      const stale = await fetchPreview(url, { range: "bytes=10-19", "if-range": '"p-old"' })
      expect(stale.status).toBe(200)
      expect((await stale.arrayBuffer()).byteLength).toBe(bytes.length)
    })
  })

  describe("never a paid file", () => {
    it("answers 404 for an asset's id, a grant's id or token, and for a deleted preview", async () => {
      const { productId, assets } = await createDigitalProduct(api, admin, app.baseURL, app.store, [{ name: "Paid.pdf", content: "PAID CONTENT" }])
      const grant = await app.grant(assets[0].id)
      const token = new URL(grant.download_url).pathname.split("/").pop()!
      const { body } = await uploadPreview("sample", "sample.txt", { product_id: productId })
      const preview = body.digital_preview
      for (const id of [assets[0].id, grant.id, token, "dprev_", preview.id.slice(0, -1) + (preview.id.endsWith("0") ? "1" : "0"), `${preview.id}x`, "../" + assets[0].id]) {
        const res = await fetch(`${app.baseURL}/digital-downloads/previews/${encodeURIComponent(id)}`, { headers: client({ accept: "application/json" }) })
        const text = await res.text()
        expect([id, res.status]).toEqual([id, 404])
        expect(text).not.toContain("PAID CONTENT")
      }
      // The grant was not touched: nothing counted, no event.
      const { data } = await api.get(`/admin/download-grants/${grant.id}`, admin)
      expect(data.download_grant.downloads_used).toBe(0)

      expect((await fetchPreview(preview.url)).status).toBe(200)
      const deleted = await api.delete(`/admin/digital-previews/${preview.id}`, admin)
      expect(deleted.data).toEqual({ id: preview.id, object: "digital_preview", deleted: true })
      expect((await fetchPreview(preview.url)).status).toBe(404)
    })

    it("stops serving an asset's previews when the asset is deleted, and deletes their stored files", async () => {
      const asset = await app.upload(await pdfFile(4), "Guide.pdf")
      const before = privateFiles()
      const made = await api.post(`/admin/digital-assets/${asset.id}/previews`, { pages: 1 }, admin)
      const stored = privateFiles().filter((f) => !before.includes(f))
      expect(stored).toHaveLength(1)
      expect((await fetchPreview(made.data.digital_preview.url)).status).toBe(200)
      await api.delete(`/admin/digital-assets/${asset.id}`, admin)
      expect((await fetchPreview(made.data.digital_preview.url)).status).toBe(404)
      expect((await api.get(`/admin/digital-previews?asset_id=${asset.id}`, admin)).data.digital_previews).toEqual([])
      expect(privateFiles()).not.toContain(stored[0])
      // The asset's own file is kept (a soft delete): only the preview's went.
      expect(privateFiles()).toEqual(before)
    })

    it("stops serving a deleted product's previews, and deletes their stored files", async () => {
      const { productId, assets } = await createDigitalProduct(api, admin, app.baseURL, app.store, [{ name: "Film.pdf", content: "PAID" }])
      const other = await createDigitalProduct(api, admin, app.baseURL, app.store, [{ name: "Other.pdf", content: "PAID" }])
      const before = privateFiles()
      const trailer = (await uploadPreview("trailer bytes", "trailer.mp4", { product_id: productId })).body.digital_preview
      const stored = privateFiles().filter((f) => !before.includes(f))
      expect(stored).toHaveLength(1)
      const kept = (await uploadPreview("other trailer", "other.mp4", { product_id: other.productId })).body.digital_preview
      const filePreview = (await uploadPreview("chapter", "chapter.txt", { asset_id: assets[0].id })).body.digital_preview
      expect((await fetchPreview(trailer.url)).status).toBe(200)

      await api.delete(`/admin/products/${productId}`, admin)
      // product.deleted is handled just after Medusa's answer.
      await eventually(async () => expect((await fetchPreview(trailer.url)).status).toBe(404))
      await eventually(async () => expect(privateFiles()).not.toContain(stored[0]))
      expect((await api.get(`/admin/digital-previews?product_id=${productId}`, admin)).data.digital_previews).toEqual([])
      // Another product's previews, and the file's own (it belongs to the asset, which lives on), are still served.
      expect((await fetchPreview(kept.url)).status).toBe(200)
      expect((await fetchPreview(filePreview.url)).status).toBe(200)
    })
  })

  describe("generated previews", () => {
    it("cuts the first N pages of a PDF asset (default 3): the preview parses back with pdf-lib", async () => {
      const asset = await app.upload(await pdfFile(8), "Novel.pdf")
      const made = await api.post(`/admin/digital-assets/${asset.id}/previews`, { pages: 2 }, admin)
      expect(made.status).toBe(201)
      const preview = made.data.digital_preview
      expect(preview).toMatchObject({ asset_id: asset.id, product_id: null, source: "generated", mime_type: "application/pdf", filename: "Novel (pages 1–2).pdf", title: "Novel.pdf: pages 1–2" })
      const res = await fetchPreview(preview.url)
      expect(res.headers.get("content-type")).toBe("application/pdf")
      const doc = await PDFDocument.load(Buffer.from(await res.arrayBuffer()))
      expect(doc.getPageCount()).toBe(2)
      expect(doc.getPages().map((p) => p.getWidth())).toEqual([300, 301])

      const byDefault = await api.post(`/admin/digital-assets/${asset.id}/previews`, { title: "Sample chapters" }, admin)
      const three = await PDFDocument.load(Buffer.from(await (await fetchPreview(byDefault.data.digital_preview.url)).arrayBuffer()))
      expect(three.getPageCount()).toBe(3)
      expect(byDefault.data.digital_preview).toMatchObject({ title: "Sample chapters", position: 1 })
    })

    it("cuts the first N seconds of a WAV asset: a valid header whose duration is N s", async () => {
      const source = wavFile(10)
      const asset = await app.upload(source, "Song.wav")
      const made = await api.post(`/admin/digital-assets/${asset.id}/previews`, { seconds: 4 }, admin)
      expect(made.status).toBe(201)
      const res = await fetchPreview(made.data.digital_preview.url)
      expect(res.headers.get("content-type")).toBe("audio/wav")
      const wav = Buffer.from(await res.arrayBuffer())
      expect(wav.toString("latin1", 0, 4)).toBe("RIFF")
      expect(wav.readUInt32LE(4)).toBe(wav.length - 8)
      expect(wav.toString("latin1", 8, 16)).toBe("WAVEfmt ")
      expect(wav.subarray(20, 36).equals(source.subarray(20, 36))).toBe(true) // the fmt chunk, copied
      expect(wav.toString("latin1", 36, 40)).toBe("data")
      const byteRate = wav.readUInt32LE(28)
      expect(wav.readUInt32LE(40) / byteRate).toBe(4)
      expect(wav.length).toBe(44 + 4 * byteRate)
      expect(wav.subarray(44).equals(source.subarray(44, 44 + 4 * byteRate))).toBe(true)
      expect(made.data.digital_preview.size).toBe(wav.length)
    })

    it("refuses other files and wrong parameters with a 400 naming the field", async () => {
      const text = await app.upload("plain text", "readme.txt")
      const refused = await responseOf(api.post(`/admin/digital-assets/${text.id}/previews`, {}, admin))
      expect(refused.status).toBe(400)
      expect(refused.data.message).toMatch(/^asset: previews are cut from PDF and WAV files only/)
      const fakeWav = await app.upload("ID3 this is an mp3", "fake.wav")
      const notWav = await responseOf(api.post(`/admin/digital-assets/${fakeWav.id}/previews`, { seconds: 5 }, admin))
      expect([notWav.status, notWav.data.message]).toEqual([400, expect.stringMatching(/^asset: the file is not a WAV file/)])
      const pdf = await app.upload(await pdfFile(2), "a.pdf")
      const seconds = await responseOf(api.post(`/admin/digital-assets/${pdf.id}/previews`, { seconds: 5 }, admin))
      expect([seconds.status, seconds.data.message]).toEqual([400, "seconds: a PDF is cut in pages: send pages"])
      const zero = await responseOf(api.post(`/admin/digital-assets/${pdf.id}/previews`, { pages: 0 }, admin))
      expect(zero.status).toBe(400)
      expect(zero.data.errors).toEqual([{ path: ["pages"], message: expect.any(String) }])
      const unknown = await responseOf(api.post(`/admin/digital-assets/dasset_nope/previews`, {}, admin))
      expect(unknown.status).toBe(404)
    })
  })

  describe("the merchant's list", () => {
    it("orders, renames and moves previews; the Store API lists them per product and per file", async () => {
      const { productId, assets } = await createDigitalProduct(api, admin, app.baseURL, app.store, [{ name: "Course.pdf", content: "paid" }])
      const ids: string[] = []
      for (const name of ["one.png", "two.png", "three.png"]) {
        const { status, body } = await uploadPreview(name, name, { product_id: productId })
        expect(status).toBe(201)
        ids.push(body.digital_preview.id)
      }
      const assetPreview = (await uploadPreview("sample chapter", "chapter1.txt", { asset_id: assets[0].id, title: "Chapter 1" })).body.digital_preview

      const moved = await api.post(`/admin/digital-previews/${ids[2]}`, { position: 0, title: "Cover" }, admin)
      expect(moved.data.digital_preview).toMatchObject({ id: ids[2], title: "Cover", position: 0 })
      const list = await api.get(`/admin/digital-previews?product_id=${productId}`, admin)
      expect(list.data.digital_previews.map((p: any) => [p.id, p.position])).toEqual([
        [ids[2], 0],
        [ids[0], 1],
        [ids[1], 2],
      ])
      const both = await api.get(`/admin/digital-previews?product_id=${productId}&asset_id=${assets[0].id}`, admin)
      expect(both.data.digital_previews).toHaveLength(4)

      const facts = await api.get(`/store/digital-downloads/products/${productId}`, app.store.storeHeaders)
      expect(facts.data.previews.map((p: any) => p.title)).toEqual(["Cover", "one.png", "two.png"])
      expect(facts.data.previews[0]).toEqual({ id: ids[2], title: "Cover", filename: "three.png", mime_type: "image/png", size: 9, url: `http://localhost:9000/digital-downloads/previews/${ids[2]}` })
      expect(facts.data.variants[0].files[0].previews).toEqual([
        { id: assetPreview.id, title: "Chapter 1", filename: "chapter1.txt", mime_type: "text/plain", size: 14, url: `http://localhost:9000/digital-downloads/previews/${assetPreview.id}` },
      ])
      // A text preview could hold markup: it is sandboxed.
      const served = await fetchPreview(assetPreview.url)
      expect(served.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox")
    })

    it("refuses a bad upload or change with a 400 naming the field, and an unknown owner with a 404", async () => {
      const { productId } = await createDigitalProduct(api, admin, app.baseURL, app.store, [{ name: "x.pdf", content: "x" }])
      const neither = await uploadPreview("x", "x.png", {})
      expect([neither.status, neither.body.message]).toEqual([400, expect.stringMatching(/product_id: give either product_id or asset_id/)])
      const both = await uploadPreview("x", "x.png", { product_id: productId, asset_id: "dasset_1" })
      expect(both.status).toBe(400)
      const stray = await uploadPreview("x", "x.png", { product_id: productId, colour: "red" })
      expect([stray.status, stray.body.message]).toEqual([400, expect.stringMatching(/colour/)])
      expect((await uploadPreview("x", "x.png", { product_id: "prod_missing" })).status).toBe(404)
      const noFilter = await responseOf(api.get(`/admin/digital-previews`, admin))
      expect([noFilter.status, noFilter.data.message]).toEqual([400, expect.stringMatching(/product_id/)])
      const { body } = await uploadPreview("x", "x.png", { product_id: productId })
      const bad = await responseOf(api.post(`/admin/digital-previews/${body.digital_preview.id}`, { position: -1, title: "" }, admin))
      expect(bad.status).toBe(400)
      expect(bad.data.errors.map((e: any) => e.path[0]).sort()).toEqual(["position", "title"])
    })

    it("is for admins only: a customer's token and no token are refused", async () => {
      const { productId } = await createDigitalProduct(api, admin, app.baseURL, app.store, [{ name: "x.pdf", content: "x" }])
      const token = await registerCustomer(api, app.store, "previewer@example.com", "previewer-password-1")
      const customer = { authorization: `Bearer ${token}`, ...app.store.storeHeaders.headers }
      expect((await uploadPreview("x", "x.png", { product_id: productId }, customer)).status).toBe(401)
      expect((await uploadPreview("x", "x.png", { product_id: productId }, {})).status).toBe(401)
      const { body } = await uploadPreview("x", "x.png", { product_id: productId })
      for (const [method, path] of [
        ["GET", `/admin/digital-previews?product_id=${productId}`],
        ["POST", `/admin/digital-previews/${body.digital_preview.id}`],
        ["DELETE", `/admin/digital-previews/${body.digital_preview.id}`],
      ]) {
        const res = await fetch(app.baseURL + path, { method, headers: { ...customer, "content-type": "application/json" }, body: method === "POST" ? "{}" : undefined })
        expect([method, path, res.status]).toEqual([method, path, 401])
      }
      expect((await fetchPreview(body.digital_preview.url)).status).toBe(200)
    })
  })

  it("seeks in Chromium's <audio>: the player's range requests get 206 from the seek point", async () => {
    // 120 s of CD-quality audio (21 MB): more than a player reads ahead for preload="metadata".
    const asset = await app.upload(wavFile(120, 44100), "Album.wav")
    const made = await api.post(`/admin/digital-assets/${asset.id}/previews`, { seconds: 100 }, admin)
    const url = app.link(made.data.digital_preview.url)
    const size = made.data.digital_preview.size
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    })
    try {
      const page = await browser.newPage()
      const answers: { status: number; range: string | undefined; contentRange: string | null }[] = []
      page.on("response", (res) => {
        if (res.url() === url) answers.push({ status: res.status(), range: res.request().headers()["range"], contentRange: res.headers()["content-range"] ?? null })
      })
      await page.setContent(`<audio id="player" preload="metadata" src="${url}"></audio>`)
      const duration = await page.evaluate(
        () =>
          new Promise<number>((resolve, reject) => {
            const audio = document.getElementById("player") as HTMLAudioElement
            if (audio.readyState >= 1) return resolve(audio.duration)
            audio.addEventListener("loadedmetadata", () => resolve(audio.duration))
            audio.addEventListener("error", () => reject(new Error(`media error ${audio.error?.code}`)))
          })
      )
      expect(duration).toBeCloseTo(100, 1)
      const position = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const audio = document.getElementById("player") as HTMLAudioElement
            audio.addEventListener("seeked", () => resolve(audio.currentTime), { once: true })
            audio.currentTime = 90
          })
      )
      expect(position).toBeCloseTo(90, 0)
      // The player's first request and its seek: each a 206 with the range it asked for.
      const first = answers[0]
      expect(first).toMatchObject({ status: 206, range: "bytes=0-" })
      expect(first.contentRange).toBe(`bytes 0-${size - 1}/${size}`)
      const seek = answers.find((a) => a.status === 206 && Number(/^bytes=(\d+)-/.exec(a.range ?? "")?.[1]) > size / 2)
      expect(seek).toBeDefined()
      expect(seek!.contentRange).toMatch(new RegExp(`^bytes ${/^bytes=(\d+)-/.exec(seek!.range!)![1]}-\\d+/${size}$`))
      expect(answers.every((a) => a.status === 206)).toBe(true)
    } finally {
      await browser.close()
    }
  })

  it("limits requests per address: 429 with Retry-After", async () => {
    const left = LIMITS.window_seconds * 1000 - (Date.now() % (LIMITS.window_seconds * 1000))
    if (left < 15_000) await new Promise((r) => setTimeout(r, left + 100))
    const { productId } = await createDigitalProduct(api, admin, app.baseURL, app.store, [{ name: "x.pdf", content: "x" }])
    const { body } = await uploadPreview("x", "x.png", { product_id: productId })
    const from = { "x-forwarded-for": "203.0.113.99", accept: "application/json" }
    for (let i = 0; i < LIMITS.previews_per_ip; i++) {
      const res = await fetch(app.link(body.digital_preview.url), { headers: from, method: "HEAD" })
      expect([i, res.status]).toEqual([i, 200])
    }
    const refused = await fetch(app.link(body.digital_preview.url), { headers: from })
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1)
    expect((await refused.json()).code).toBe("too_many_requests")
    expect((await fetch(app.link(body.digital_preview.url), { headers: { ...from, "x-forwarded-for": "203.0.113.100" } })).status).toBe(200)
  })
})
