import crypto from "crypto"
import fs from "fs"
import os from "os"
import path from "path"
import { PDFDocument, PDFHexString, PDFName, type PDFDict } from "pdf-lib"
import { writeBigPdf } from "../../scripts/lib/big-pdf"
import { download, eventually } from "../helpers/files"
import { httpSuite } from "../helpers/harness"
import { pdfPagesText } from "../../scripts/lib/pdf-text"
import { checkout, createDigitalProduct } from "../helpers/store"
import { readZip } from "../helpers/zip"

/**
 * Stamped PDFs (issue 18): each buyer's copy carries their name on every page
 * and in its metadata, is made once per grant and release at the first
 * download, and is served through the normal download pipeline (metered by
 * its own size, resumable, its own ETag, in the order ZIP too). A PDF that
 * cannot be stamped follows the store's setting, and the merchant is alerted.
 */
const sha = (b: Buffer | Uint8Array) => crypto.createHash("sha256").update(b).digest("hex")
const PAGES = 12

function testPdf(options: { encrypted?: boolean; pages?: number } = {}): Buffer {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dd-stamp-spec-")), "book.pdf")
  writeBigPdf(file, { pages: options.pages ?? PAGES, bytes: 200_000, images: 2, encrypted: options.encrypted })
  const bytes = fs.readFileSync(file)
  fs.rmSync(path.dirname(file), { recursive: true, force: true })
  return bytes
}

httpSuite({ store: true, fakeResend: true }, (app) => {
  const { api, admin, store, emailsTo } = app
  const book = testPdf()
  const service = () => app.container().resolve<any>("digital_delivery")
  const fail = (p: Promise<any>) => p.then(() => ({ status: 200, data: null }) as any, (e: any) => e.response)

  /** A product selling `file`, stamping switched on (with `template`); the order delivered by hand to `email`. */
  async function soldStamped(name: string, content: Buffer, buyers: { email: string; first_name: string; last_name: string }[], template?: string) {
    const product = await createDigitalProduct(api, admin, app.baseURL, store, [{ name, content }])
    const asset = product.assets[0]
    await api.post(`/admin/digital-assets/${asset.id}`, { stamp_pdf: true, ...(template ? { stamp_template: template } : {}) }, admin)
    const grants: any[] = []
    const orders: any[] = []
    for (const buyer of buyers) {
      const order = await checkout(api, store, { email: buyer.email, items: [{ variant_id: product.variantId }], billing: { first_name: buyer.first_name, last_name: buyer.last_name } })
      const { data } = await api.post(`/admin/orders/${order.id}/digital-delivery`, {}, admin)
      grants.push(data.download_grants[0])
      orders.push(data)
    }
    return { product, asset, grants, orders }
  }
  const copiesOf = (grantId: string) => service().listStampedCopies({ grant_id: grantId })
  const adminGrant = async (id: string) => (await api.get(`/admin/download-grants/${id}`, admin)).data.download_grant
  /** The grant's usage once every download that ended is settled (settlements are written in batches, just after). */
  const settledUsage = (id: string) =>
    eventually(async () => {
      const grant = await service().retrieveDownloadGrant(id)
      expect(Number(grant.reserved)).toBe(0)
      return Number(grant.downloads_used)
    })
  const fetchBytes = async (url: string, headers: Record<string, string> = {}) => {
    const res = await fetch(url, { headers, redirect: "manual" })
    return { res, body: Buffer.from(await res.arrayBuffer()) }
  }

  describe("the asset's option (Admin)", () => {
    it("switches stamping on for a PDF with a template; refuses it for other files and bad templates, naming the field", async () => {
      const pdf = await app.upload(book, "Option.pdf")
      const saved = await api.post(`/admin/digital-assets/${pdf.id}`, { stamp_pdf: true, stamp_template: "For {ClientName} <{Email}>, {OrderID}" }, admin)
      expect(saved.data.digital_asset).toEqual(expect.objectContaining({ stamp_pdf: true, stamp_template: "For {ClientName} <{Email}>, {OrderID}" }))
      const reset = await api.post(`/admin/digital-assets/${pdf.id}`, { stamp_template: null }, admin)
      expect(reset.data.digital_asset).toEqual(expect.objectContaining({ stamp_pdf: true, stamp_template: null }))

      const zip = await app.upload(crypto.randomBytes(2000), "Archive.zip")
      const notPdf = await fail(api.post(`/admin/digital-assets/${zip.id}`, { stamp_pdf: true }, admin))
      expect(notPdf.status).toBe(400)
      expect(notPdf.data.message).toMatch(/stamp_pdf/)
      const unknown = await fail(api.post(`/admin/digital-assets/${pdf.id}`, { stamp_template: "For {Name}" }, admin))
      expect(unknown.status).toBe(400)
      expect(unknown.data.message).toMatch(/stamp_template.*\{ClientName\}/)
      const twoLines = await fail(api.post(`/admin/digital-assets/${pdf.id}`, { stamp_template: "a\nb" }, admin))
      expect(twoLines.status).toBe(400)
      expect(twoLines.data.message).toMatch(/stamp_template/)
      const notBoolean = await fail(api.post(`/admin/digital-assets/${pdf.id}`, { stamp_pdf: "yes" }, admin))
      expect(notBoolean.status).toBe(400)
      expect(notBoolean.data.message).toMatch(/stamp_pdf/)
    })
  })

  describe("a stamped book", () => {
    let sold: Awaited<ReturnType<typeof soldStamped>>
    const ADA = { email: "ada@example.com", first_name: "Ada", last_name: "Lovelace" }
    const ZOE = { email: "zoe@example.com", first_name: "Zoë", last_name: "Łukasiewicz" }
    app.seed(async () => {
      sold = await soldStamped("Handbook.pdf", book, [ADA, ZOE])
    })

    it("each buyer's copy opens, carries their line on every page and their facts in the metadata; the bytes differ per buyer", async () => {
      const [ada, zoe] = sold.grants
      const a = await fetchBytes(app.link(ada.download_url))
      expect(a.res.status).toBe(200)
      expect(a.res.headers.get("content-type")).toBe("application/pdf")
      expect(Number(a.res.headers.get("content-length"))).toBe(a.body.length)
      const doc = await PDFDocument.load(a.body)
      expect(doc.getPageCount()).toBe(PAGES)
      const display = sold.orders[0].digital_order.display_id
      const date = new Date().toISOString().slice(0, 10)
      const adaLine = `Licensed to Ada Lovelace (ada@example.com) · order #${display} · ${date}`
      const texts = await pdfPagesText(a.body)
      expect(texts).toHaveLength(PAGES)
      texts.forEach((text, i) => {
        expect(text).toContain(adaLine)
        expect(text).toContain(`Page ${i + 1} of the big book`)
      })
      expect(doc.getSubject()).toBe(adaLine)
      expect(doc.getKeywords()).toContain("email: ada@example.com")

      const z = await fetchBytes(app.link(zoe.download_url))
      expect(z.res.status).toBe(200)
      const zoeTexts = await pdfPagesText(z.body)
      // The standard font has ë, not Ł: the line is transliterated, the metadata keeps the name.
      expect(zoeTexts.every((t) => t.includes("Licensed to Zoë Lukasiewicz (zoe@example.com)"))).toBe(true)
      const zoeDoc = await PDFDocument.load(z.body)
      const info = (zoeDoc as unknown as { getInfoDict(): PDFDict }).getInfoDict()
      expect((info.lookup(PDFName.of("LicensedTo")) as PDFHexString).decodeText()).toBe("Zoë Łukasiewicz")
      expect(sha(z.body)).not.toBe(sha(a.body))
      expect(sha(a.body)).not.toBe(sha(book))

      // One copy per grant, made once: the second download is the same bytes, the same ETag.
      const again = await fetchBytes(app.link(ada.download_url))
      expect(sha(again.body)).toBe(sha(a.body))
      expect(again.res.headers.get("etag")).toBe(a.res.headers.get("etag"))
      expect(a.res.headers.get("etag")).not.toBe(z.res.headers.get("etag"))
      const copies = await copiesOf(ada.id)
      expect(copies).toHaveLength(1)
      expect(copies[0]).toEqual(expect.objectContaining({ status: "ready", version: 1, sha256: sha(a.body), pages: PAGES }))
      expect(a.res.headers.get("etag")).toContain(sha(a.body).slice(0, 32))
      // No storage key in any answer.
      expect(JSON.stringify((await api.get(`/admin/digital-assets/${sold.asset.id}`, admin)).data)).not.toMatch(/file_id|dd-[0-9a-f]{32}/)
    })

    it("a Range resume of the stamped copy is byte-identical to its full download, and usage counts against the stamped size", async () => {
      const [ada] = sold.grants
      const url = app.link(ada.download_url)
      const before = await settledUsage(ada.id)
      const full = await fetchBytes(url)
      const size = full.body.length
      const cut = Math.floor(size / 3)
      const head = await fetchBytes(url, { range: `bytes=0-${cut - 1}` })
      expect(head.res.status).toBe(206)
      expect(head.res.headers.get("content-range")).toBe(`bytes 0-${cut - 1}/${size}`)
      const etag = head.res.headers.get("etag")!
      const tail = await fetchBytes(url, { range: `bytes=${cut}-`, "if-range": etag })
      expect(tail.res.status).toBe(206)
      expect(sha(Buffer.concat([head.body, tail.body]))).toBe(sha(full.body))
      // The full download and the resume cost exactly one copy each of the stamped file (not of the original, whose size differs).
      expect(size).not.toBe(book.length)
      await eventually(async () => expect(Number((await adminGrant(ada.id)).downloads_used)).toBeCloseTo(before + 2, 6))
      const { data } = await api.get(`/admin/download-grants/${ada.id}/history?limit=50`, admin)
      const served = data.history.filter((e: any) => e.kind === "download" && e.outcome === "served")
      expect(served.map((e: any) => e.bytes_sent)).toEqual(expect.arrayContaining([size, cut, size - cut]))
    })

    it("concurrent first downloads of a grant stamp once and all get the same copy; deleting the grant deletes it", async () => {
      const { grants } = await soldStamped("Parallel.pdf", book, [{ email: "many@example.com", first_name: "Many", last_name: "Tabs" }])
      const url = app.link(grants[0].download_url)
      // Three at once: the test store's default limit of three copies.
      const results = await Promise.all(Array.from({ length: 3 }, () => download(url)))
      expect(results.map((r) => r.status)).toEqual([200, 200, 200])
      expect(new Set(results.map((r) => r.sha256)).size).toBe(1)
      const copies = await copiesOf(grants[0].id)
      expect(copies).toHaveLength(1)
      // Deleting the grant deletes its copy (the row and the stored file).
      await api.delete(`/admin/download-grants/${grants[0].id}`, admin)
      expect(await copiesOf(grants[0].id)).toHaveLength(0)
      await expect(app.container().resolve<any>("file").retrieveFile(copies[0].file_id)).rejects.toThrow()
    })

    it("the order ZIP and HEAD carry the buyer's stamped copy", async () => {
      const [ada] = sold.grants
      // HEAD alone makes the copy (a download manager asks its length first).
      const head = await fetch(app.link(ada.download_url), { method: "HEAD" })
      expect(head.status).toBe(200)
      const copy = (await copiesOf(ada.id))[0]
      expect(Number(head.headers.get("content-length"))).toBe(Number(copy.size))
      const zip = await fetchBytes(`${app.link(sold.orders[0].order_page_url)}/zip`)
      expect(zip.res.status).toBe(200)
      const entries = await readZip(zip.body)
      expect(entries).toEqual([expect.objectContaining({ name: "Handbook.pdf", size: Number(copy.size), sha256: copy.sha256 })])
    })

    it("a new release makes new stamped copies; the old ones are deleted unless earlier releases stay downloadable", async () => {
      const { grants, asset } = await soldStamped("Release.pdf", book, [{ email: "rel@example.com", first_name: "Rel", last_name: "Ease" }])
      const url = app.link(grants[0].download_url)
      const first = await fetchBytes(url)
      const form = new FormData()
      form.append("file", new Blob([new Uint8Array(testPdf({ pages: 5 }))]), "Release-2.pdf")
      const published = await fetch(`${app.baseURL}/admin/digital-assets/${asset.id}/file`, { method: "POST", headers: admin.headers, body: form })
      expect(published.status).toBe(200)
      const second = await fetchBytes(url)
      expect(second.res.status).toBe(200)
      const texts = await pdfPagesText(second.body)
      expect(texts).toHaveLength(5)
      expect(texts.every((t) => t.includes("Licensed to Rel Ease (rel@example.com)"))).toBe(true)
      expect(second.res.headers.get("etag")).not.toBe(first.res.headers.get("etag"))
      // The release's subscriber retires the copy of release 1 (its stored file deleted).
      await eventually(async () => expect((await copiesOf(grants[0].id)).map((c: any) => c.version)).toEqual([2]), 10_000)
      const files = app.container().resolve<any>("file")
      const [old] = await service().listStampedCopies({ grant_id: grants[0].id, version: 1 }, { withDeleted: true })
      await expect(files.retrieveFile(old.file_id)).rejects.toThrow()

      // Kept releases keep their copies: ?release=2 downloads the buyer's copy of release 2 after release 3.
      await api.post(`/admin/digital-assets/${asset.id}`, { keep_earlier_releases: true }, admin)
      const form3 = new FormData()
      form3.append("file", new Blob([new Uint8Array(testPdf({ pages: 4 }))]), "Release-3.pdf")
      expect((await fetch(`${app.baseURL}/admin/digital-assets/${asset.id}/file`, { method: "POST", headers: admin.headers, body: form3 })).status).toBe(200)
      // (the third and last download of the test store's limit)
      const kept = await fetchBytes(`${url}?release=2`)
      expect(sha(kept.body)).toBe(sha(second.body))
      await new Promise((r) => setTimeout(r, 500)) // the release's subscriber had its turn
      expect((await copiesOf(grants[0].id)).map((c: any) => c.version)).toEqual([2])
    })

    it("a new stamped line retires the copies stamped with the old one", async () => {
      const { grants, asset } = await soldStamped("Lines.pdf", book, [{ email: "lines@example.com", first_name: "Line", last_name: "Reader" }])
      const url = app.link(grants[0].download_url)
      expect((await pdfPagesText((await fetchBytes(url)).body))[0]).toContain("Licensed to Line Reader")
      // Saving the drawer with the same line keeps the copy.
      await api.post(`/admin/digital-assets/${asset.id}`, { stamp_pdf: true, stamp_template: null, filename: "Lines-renamed.pdf" }, admin)
      expect(await copiesOf(grants[0].id)).toHaveLength(1)
      await api.post(`/admin/digital-assets/${asset.id}`, { stamp_template: "Copy of {Email} ({OrderID})" }, admin)
      expect(await copiesOf(grants[0].id)).toHaveLength(0)
      const texts = await pdfPagesText((await fetchBytes(url)).body)
      expect(texts.every((t) => /Copy of lines@example\.com \(#\d+\)/.test(t))).toBe(true)
    })
  })

  describe("a PDF that cannot be stamped", () => {
    const encrypted = testPdf({ encrypted: true, pages: 3 })

    it("serve_unstamped: the buyer gets the file as it is, the merchant one alert", async () => {
      await api.post("/admin/digital-delivery/settings", { alert_email: "stamp-ops@example.com", unstampable_pdf: "serve_unstamped" }, admin)
      const { grants } = await soldStamped("Locked.pdf", encrypted, [{ email: "locked@example.com", first_name: "Lock", last_name: "Ed" }])
      const got = await fetchBytes(app.link(grants[0].download_url))
      expect(got.res.status).toBe(200)
      expect(sha(got.body)).toBe(sha(encrypted))
      const alerts = await eventually(async () => {
        const sent = emailsTo("stamp-ops@example.com")
        expect(sent).toHaveLength(1)
        return sent
      })
      expect(alerts[0].body.subject).toBe("[Digital delivery] PDF could not be stamped: Locked.pdf")
      expect(alerts[0].body.text).toMatch(/encrypted/)
      // Recorded once: the next download neither stamps nor alerts again.
      expect(await copiesOf(grants[0].id)).toEqual([expect.objectContaining({ status: "failed", file_id: null })])
      expect((await fetchBytes(app.link(grants[0].download_url))).res.status).toBe(200)
      await eventually(async () => expect(Number((await adminGrant(grants[0].id)).downloads_used)).toBeCloseTo(2, 6))
      expect(emailsTo("stamp-ops@example.com")).toHaveLength(1)
    })

    it("refuse: a clear refusal in the buyer's language (nothing counted), and an alert", async () => {
      await api.post("/admin/digital-delivery/settings", { alert_email: "stamp-ops2@example.com", unstampable_pdf: "refuse" }, admin)
      const saved = await api.get("/admin/digital-delivery/settings", admin)
      expect(saved.data.settings.unstampable_pdf).toBe("refuse")
      const { grants } = await soldStamped("Locked2.pdf", encrypted, [{ email: "locked2@example.com", first_name: "Lock", last_name: "Two" }])
      const url = app.link(grants[0].download_url)
      const json = await fetch(url, { headers: { accept: "application/json" } })
      expect(json.status).toBe(409)
      expect(await json.json()).toEqual({ code: "unstampable", message: expect.stringMatching(/could not be prepared/) })
      const fr = await fetch(url, { headers: { "accept-language": "fr" } })
      expect(fr.status).toBe(409)
      expect(await fr.text()).toContain("pas pu être préparée")
      const pl = await fetch(url, { headers: { "accept-language": "pl" } })
      expect(await pl.text()).toContain("Twojej kopii nie udało się przygotować")
      await eventually(async () => expect(emailsTo("stamp-ops2@example.com")).toHaveLength(1))
      expect(Number((await adminGrant(grants[0].id)).downloads_used)).toBe(0)
      const bad = await fail(api.post("/admin/digital-delivery/settings", { unstampable_pdf: "maybe" }, admin))
      expect(bad.status).toBe(400)
      expect(bad.data.message).toMatch(/unstampable_pdf/)
      await api.post("/admin/digital-delivery/settings", { unstampable_pdf: "serve_unstamped" }, admin)
    })
  })
})
