import crypto from "crypto"
import fs from "fs"
import http from "http"
import jwt from "jsonwebtoken"
import os from "os"
import path from "path"
import { eventually } from "../helpers/files"
import { httpSuite } from "../helpers/harness"
import { parseContentDisposition, rawMultipart, rawRequest, responseOf, unsafeNameProblems, type RawPart } from "../helpers/hostile"
import { ORDER_AUDIENCE } from "../helpers/hostile-tokens"
import { LINK_SECRET } from "../host/constants"

/** Uploads and renames under attack: hostile file names, malformed bodies, sizes, clients that leave. */
// This spec's own storage directory: it counts the private files left behind.
const storageDir = fs.mkdtempSync(path.join(os.tmpdir(), "dd-hostile-storage-"))
const privateDir = path.join(storageDir, "private")
const privateFiles = () => (fs.existsSync(privateDir) ? fs.readdirSync(privateDir).sort() : [])
// A small upload limit for this spec.
const MAX_UPLOAD = 2 * 1024 * 1024
/** Where a storage key could show: the column name, file-local's key, the plugin's random name. */
const STORAGE_KEY = /file_id|private-\d+-|dd-[0-9a-f]{32}/
const expectNoStorageKey = (seen: string[]) => seen.forEach((text) => expect(text).not.toMatch(STORAGE_KEY))

type Sent = { status: number; text: string; body: any }

httpSuite({ env: { DD_TEST_STORAGE_DIR: storageDir, DD_TEST_MAX_UPLOAD_BYTES: String(MAX_UPLOAD) }, timeout: 300_000 }, (app) => {
  const { api, admin } = app
  afterAll(() => fs.rmSync(storageDir, { recursive: true, force: true }))

  /** Sends multipart parts written byte for byte (see rawMultipart). */
  async function uploadRaw(parts: RawPart[], options: { closing?: boolean } = {}): Promise<Sent> {
    const { body, contentType } = rawMultipart(parts, options)
    const res = await rawRequest(app.baseURL, "/admin/digital-assets", {
      method: "POST",
      headers: { ...admin.headers, "content-type": contentType, "content-length": String(body.length) },
      body,
    })
    const text = res.body.toString("utf8")
    return { status: res.status, text, body: JSON.parse(text) }
  }

  describe("hostile file names", () => {
    const content = Buffer.from("hostile names\n")
    const enc = (s: string) => encodeURIComponent(s).replace(/['()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase())
    const points = (s: string) => Array.from(s)
    // 300 characters: emoji (one a ZWJ family), Hebrew and Arabic (RTL), a combining accent, a bidi override.
    const unit = "📚שלום-كتاب-e\u0301👩‍👩‍👧\u202Etxt.exe "
    let long = ""
    while (points(long).length < 296) long += unit
    const longName = points(long).slice(0, 296).join("") + ".pdf"
    const longSanitizedPrefix = longName.replace(/[\u202a-\u202e\u2066-\u2069]/g, "").normalize("NFC")
    /** What a 300-character name must become: at most 200 bytes, the extension kept, a prefix of the sanitized name. */
    const cutLongName = (n: string) => {
      expect(Buffer.byteLength(n)).toBeLessThanOrEqual(200)
      expect(n.endsWith(".pdf")).toBe(true)
      expect(longSanitizedPrefix.startsWith(n.slice(0, -4))).toBe(true)
    }

    /** Downloads through a fresh unlimited grant and checks the name on the wire. */
    async function checkDownload(seen: string[], assetId: string, storedName: string) {
      const grant = await app.grant(assetId)
      seen.push(JSON.stringify(grant))
      const res = await fetch(app.link(grant.download_url))
      expect(res.status).toBe(200)
      expect(Buffer.from(await res.arrayBuffer()).equals(content)).toBe(true)
      const header = res.headers.get("content-disposition")
      seen.push(header ?? "")
      const { ascii, extended } = parseContentDisposition(header)
      expect(ascii).not.toMatch(/[\\/]/)
      if (extended === null) expect(ascii).toBe(storedName)
      else expect(extended).toBe(storedName)
      return { ascii, extended, grant }
    }

    function checkStored(label: string, name: string) {
      expect([label, unsafeNameProblems(name)]).toEqual([label, []])
      // well-formed UTF-16: no half of a surrogate pair left by a cut
      expect([label, /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(name)]).toEqual([label, false])
    }

    type UploadCase = {
      label: string
      send: () => Promise<Sent>
      /** 201 and the stored name (a string, or a check), or 400 and a pattern for the message. */
      expect: { status: 201; name?: string | ((n: string) => void) } | { status: 400; message: RegExp }
    }
    const filePart = (dispositionParams: string): RawPart => ({ dispositionParams, content })
    const fieldAndFile = (filename: string) => uploadRaw([{ name: "filename", value: filename }, filePart('filename="ok.bin"')])
    const sanitizedUploads: UploadCase[] = [
      { label: "quotes, escaped by the browser (FormData)", send: () => app.uploadForm(content, 'report "final" v2.pdf'), expect: { status: 201 } },
      {
        label: "quotes and a parameter injection in filename*",
        send: () => uploadRaw([filePart(`filename*=UTF-8''${enc('evil"; filename="x.exe')}`)]),
        expect: { status: 201, name: 'evil"; filename="x.exe' },
      },
      {
        label: "CR/LF header injection in filename*",
        send: () => uploadRaw([filePart(`filename*=UTF-8''${enc("a\r\nSet-Cookie: pwn=1\r\n.txt")}`)]),
        expect: { status: 201, name: "aSet-Cookie: pwn=1.txt" },
      },
      { label: "NUL in filename*", send: () => uploadRaw([filePart("filename*=UTF-8''a%00b.txt")]), expect: { status: 201, name: "ab.txt" } },
      { label: "../../etc/passwd as the part's file name", send: () => uploadRaw([filePart('filename="../../etc/passwd"')]), expect: { status: 201, name: "passwd" } },
      { label: "..\\..\\boot.ini as the part's file name", send: () => uploadRaw([filePart('filename="..\\..\\boot.ini"')]), expect: { status: 201, name: "boot.ini" } },
      {
        label: "../../etc/passwd in filename*",
        send: () => uploadRaw([filePart(`filename*=UTF-8''${enc("../../etc/passwd")}`)]),
        expect: { status: 201, name: "passwd" },
      },
      { label: "../../etc/passwd in the filename field", send: () => fieldAndFile("../../etc/passwd"), expect: { status: 201, name: "_._etc_passwd" } },
      { label: "NUL and CR/LF in the filename field", send: () => fieldAndFile("a\u0000b\r\n.pdf"), expect: { status: 201, name: "ab.pdf" } },
      { label: "only dots", send: () => uploadRaw([filePart('filename="...."')]), expect: { status: 201, name: (n) => expect(n).toMatch(/^[^.]/) } },
    ]
    const refusedUploads: UploadCase[] = [
      { label: "raw CR/LF inside the part header", send: () => uploadRaw([filePart('filename="a\r\nX-Evil: 1\r\n.txt"')]), expect: { status: 400, message: /multipart/i } },
      { label: "raw NUL inside the part header", send: () => uploadRaw([filePart('filename="a\u0000b.txt"')]), expect: { status: 400, message: /multipart/i } },
      { label: "unterminated quoted filename", send: () => uploadRaw([filePart('filename="a"b.txt"')]), expect: { status: 400, message: /file/ } },
    ]
    const longUploads: UploadCase[] = [
      ["300-character unicode name (filename*)", () => uploadRaw([filePart(`filename*=UTF-8''${enc(longName)}`)])] as const,
      ["300-character unicode name (FormData, raw UTF-8)", () => app.uploadForm(content, longName)] as const,
    ].map(([label, send]) => ({
      label,
      send,
      expect: {
        status: 201,
        name: (n: string) => {
          expect(points(longName)).toHaveLength(300)
          cutLongName(n)
          expect(n.length).toBeGreaterThan(50)
        },
      },
    }))

    /** Sends one upload case and checks its answer, the stored name and the download; returns the asset. */
    async function runUpload(seen: string[], c: UploadCase) {
      const res = await c.send()
      seen.push(res.text)
      expect([c.label, res.status]).toEqual([c.label, c.expect.status])
      if (c.expect.status === 400) {
        expect([c.label, res.body.message]).toEqual([c.label, expect.stringMatching(c.expect.message)])
        return
      }
      const asset = res.body.digital_asset
      checkStored(c.label, asset.filename)
      if (typeof c.expect.name === "string") expect([c.label, asset.filename]).toEqual([c.label, c.expect.name])
      else c.expect.name?.(asset.filename)
      await checkDownload(seen, asset.id, asset.filename)
      return asset
    }

    it.each([
      ["quotes, CR/LF, NUL or paths are stored sanitized, downloaded with a safe Content-Disposition", sanitizedUploads],
      ["part headers that cannot be parsed are refused with a clear 400", refusedUploads],
      ["300-character unicode names are cut to 200 bytes at most, keeping the extension", longUploads],
    ])("uploads: %s; no storage key in any answer", async (_, cases) => {
      const seen: string[] = []
      for (const c of cases) await runUpload(seen, c)
      expectNoStorageKey(seen)
    })

    // Renames (JSON): sanitized like uploads, refused when empty, too long or not a string.
    const sanitizedRenames: [string, unknown, string | ((n: string) => void)][] = [
      ["quote break-out", 'evil"; filename="x.exe', 'evil"; filename="x.exe'],
      ["CR/LF header injection", "a\r\nSet-Cookie: pwn=1\r\n.pdf", "aSet-Cookie: pwn=1.pdf"],
      ["path traversal", "../../etc/passwd", "_._etc_passwd"],
      ["windows path traversal", "..\\..\\windows\\win.ini", "_._windows_win.ini"],
      ["NUL inside", "a\u0000b.pdf", "ab.pdf"],
      ["only NUL", "\u0000", "download"],
      ["RTL override disguising the extension", "invoice\u202Efdp.exe", "invoicefdp.exe"],
      ["markup", "<img src=x onerror=alert(1)>.pdf", "<img src=x onerror=alert(1)>.pdf"],
      ["percent and backslash", "100% \\o/.pdf", "100% _o_.pdf"],
      ["300-character unicode", longName, cutLongName],
      [
        "long name with an emoji extension",
        "a".repeat(250) + "." + "😀".repeat(20),
        (n: string) => {
          expect(Buffer.byteLength(n)).toBeLessThanOrEqual(200)
          expect(n).toMatch(/^a+\.(😀)+$/u)
          expect(n).not.toContain("\ufffd")
        },
      ],
    ]
    const refusedRenames: [string, unknown][] = [
      ["blank", "   "],
      ["empty", ""],
      ["over 500 characters", "x".repeat(501)],
      ["a number", 123],
      ["null", null],
      ["an object", { name: "x.pdf" }],
    ]

    it("renames: sanitized like uploads, safe on the wire, markup shown as text on the guest order page", async () => {
      const seen: string[] = []
      const assetId = (await runUpload(seen, sanitizedUploads[0])).id
      for (const [label, filename, expected] of sanitizedRenames) {
        const res = await responseOf(api.post(`/admin/digital-assets/${assetId}`, { filename }, admin))
        seen.push(JSON.stringify(res.data))
        expect([label, res.status]).toEqual([label, 200])
        const stored = res.data.digital_asset.filename
        checkStored(label, stored)
        if (typeof expected === "string") expect([label, stored]).toEqual([label, expected])
        else expected(stored)
        const { grant } = await checkDownload(seen, assetId, stored)
        if (label === "markup") {
          // The guest order page shows the name as text, never as markup.
          const orderToken = jwt.sign({ v: 1 }, LINK_SECRET, { algorithm: "HS256", subject: grant.order_id, audience: ORDER_AUDIENCE, noTimestamp: true })
          const page = await fetch(`${app.baseURL}/digital-downloads/orders/${orderToken}`)
          expect(page.status).toBe(200)
          const html = await page.text()
          expect(html).toMatch(/(&lt;|&#60;|&#x3c;)img src=x onerror=alert\(1\)(&gt;|&#62;|&#x3e;)\.pdf/i)
          expect(html).not.toContain("<img src=x")
        }
      }
      expectNoStorageKey(seen)
    })

    it("renames: refused with a 400 naming the field when blank, empty, too long or not a string", async () => {
      const seen: string[] = []
      const assetId = (await runUpload(seen, sanitizedUploads[0])).id
      for (const [label, filename] of refusedRenames) {
        const res = await responseOf(api.post(`/admin/digital-assets/${assetId}`, { filename }, admin))
        seen.push(JSON.stringify(res.data))
        expect([label, res.status]).toEqual([label, 400])
        expect([label, res.data.message]).toEqual([label, expect.stringMatching(/filename/)])
      }
      expectNoStorageKey(seen)
    })

    it("no storage key in the admin's asset and grant lists; the storage does hold keys of that shape", async () => {
      const seen: string[] = []
      for (const c of sanitizedUploads.slice(0, 3)) await runUpload(seen, c)
      const assetId = (await runUpload(seen, sanitizedUploads[3])).id
      seen.push(JSON.stringify((await api.get("/admin/digital-assets?limit=100", admin)).data))
      seen.push(JSON.stringify((await api.get(`/admin/digital-assets/${assetId}`, admin)).data))
      seen.push(JSON.stringify((await api.get("/admin/download-grants?limit=100", admin)).data))
      expectNoStorageKey(seen)
      // Sanity: the storage really holds keys of that shape, so the check above means something.
      expect(privateFiles().some((f) => STORAGE_KEY.test(f))).toBe(true)
    })
  })

  describe("upload bodies that are not what the route expects: 400 naming the problem, nothing left in storage", () => {
    // (The size limit has its own test: "an upload over max_upload_bytes".)
    const expect400 = async (label: string, res: { status: number; body: any }, message: RegExp) => {
      expect([label, res.status]).toEqual([label, 400])
      expect([label, res.body.message]).toEqual([label, expect.stringMatching(message)])
    }
    const content = crypto.randomBytes(70_000)
    const file: RawPart = { dispositionParams: 'filename="data.bin"', content }
    const post = async (url: string, headers: Record<string, string>, body: string | Buffer) => {
      const res = await rawRequest(app.baseURL, url, { method: "POST", headers: { ...admin.headers, ...headers }, body })
      return { status: res.status, body: JSON.parse(res.body.toString() || "{}") }
    }

    it("multipart bodies without the file part, with bad fields or cut short", async () => {
      const before = privateFiles()
      await expect400("no file part", await uploadRaw([{ name: "title", value: "x" }]), /file/)
      await expect400("file under another part name", await uploadRaw([{ name: "upload", dispositionParams: 'filename="a.bin"', content }]), /file/)
      await expect400("negative max_downloads", await uploadRaw([{ name: "max_downloads", value: "-3" }, file]), /max_downloads/)
      await expect400("max_downloads not a number", await uploadRaw([{ name: "max_downloads", value: "abc" }, file]), /max_downloads/)
      await expect400("validity_days zero", await uploadRaw([{ name: "validity_days", value: "0" }, file]), /validity_days/)
      await expect400("unknown field", await uploadRaw([{ name: "file_id", value: "private-1-steal.bin" }, file]), /file_id/)
      await expect400("title over 500 characters", await uploadRaw([{ name: "title", value: "t".repeat(501) }, file]), /title/)
      await expect400("truncated body (no closing boundary, file cut short)", await uploadRaw([file], { closing: false }), /multipart/i)
      await eventually(async () => expect(privateFiles()).toEqual(before))
    })

    it("bodies that are not a multipart upload at all", async () => {
      const before = privateFiles()
      await expect400("multipart without a boundary", await post("/admin/digital-assets", { "content-type": "multipart/form-data" }, "--x\r\n"), /multipart/i)
      await expect400("garbage multipart", await post("/admin/digital-assets", { "content-type": "multipart/form-data; boundary=zzz" }, crypto.randomBytes(5000)), /multipart|file/i)
      await expect400("a file sent as text/plain", await post("/admin/digital-assets", { "content-type": "text/plain" }, "hello"), /kind|title|external_url|file/)
      await expect400("a file sent as octet-stream", await post("/admin/digital-assets", { "content-type": "application/octet-stream" }, content), /kind|title|external_url|file/)
      await eventually(async () => expect(privateFiles()).toEqual(before))
    })

    it("a replacement file that is not a file upload: only the asset's own file is kept", async () => {
      const before = privateFiles()
      const existing = await app.uploadForm("x", "existing.txt")
      expect(existing.status).toBe(201)
      const afterExisting = privateFiles()
      const replace = `/admin/digital-assets/${existing.body.digital_asset.id}/file`
      await expect400("replacement sent as JSON", await post(replace, { "content-type": "application/json" }, "{}"), /^file: /)
      const noFilePart = rawMultipart([{ name: "filename", value: "x.pdf" }])
      await expect400("replacement without a file part", await post(replace, { "content-type": noFilePart.contentType }, noFilePart.body), /file/)
      // Nothing but the one good upload was kept.
      await eventually(async () => expect(privateFiles()).toEqual(afterExisting))
      expect(afterExisting.filter((f) => !before.includes(f))).toHaveLength(1)
    })

    it("clients that go away in the middle of an upload: no file, no descriptor left, the server keeps working", async () => {
      const before = privateFiles()
      // The server lets go of the partial file (descriptor and bytes) each time.
      const openFds = () => fs.readdirSync("/proc/self/fd").length
      const fdsBefore = openFds()
      const big = rawMultipart([{ dispositionParams: 'filename="big.bin"', content: Buffer.alloc(8 * 1024 * 1024, 7) }])
      for (let i = 0; i < 5; i++) {
        await new Promise<void>((resolve) => {
          const url = new URL(app.baseURL)
          const req = http.request({
            host: url.hostname,
            port: url.port,
            path: "/admin/digital-assets",
            method: "POST",
            headers: { ...admin.headers, "content-type": big.contentType, "content-length": String(big.body.length) },
          })
          req.on("error", () => resolve())
          req.on("response", (res) => {
            res.resume()
            resolve()
          })
          req.write(big.body.subarray(0, 1024 * 1024), () => {
            setTimeout(() => {
              req.destroy()
              resolve()
            }, 300)
          })
        })
      }
      await eventually(async () => {
        expect(privateFiles()).toEqual(before)
        expect(openFds()).toBeLessThanOrEqual(fdsBefore + 2)
      }, 10_000)
      const still = await app.uploadForm("still here", "after.txt")
      expect(still.status).toBe(201)
    })
  })

  it("an upload over max_upload_bytes: 400 naming the file and the limit, nothing left in storage, the next upload works", async () => {
    const before = privateFiles()
    const res = await app.uploadForm(crypto.randomBytes(MAX_UPLOAD + 1), "too-big.bin")
    expect(res.status).toBe(400)
    expect(res.body.message).toBe(`file: larger than the ${MAX_UPLOAD} bytes allowed`)
    await new Promise((r) => setTimeout(r, 200))
    expect(privateFiles()).toEqual(before)
    const exact = await app.uploadForm(crypto.randomBytes(MAX_UPLOAD), "just-fits.bin")
    expect(exact.status).toBe(201)
    expect(exact.body.digital_asset.size).toBe(MAX_UPLOAD)
  })
})
