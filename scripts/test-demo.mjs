#!/usr/bin/env node
// The demo, end to end: start it from a clean state, wait for demo.json,
// download the guest link and check its bytes, log in to the Admin API with the
// printed credentials, stop it with SIGINT, and check nothing is left running.
import { execFileSync } from "node:child_process"
import crypto from "node:crypto"
import fs from "node:fs"
import net from "node:net"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { freePort } from "./embedded-postgres.mjs"
import { checklist, startDemo } from "./lib/demo-process.mjs"
import { PDFDocument } from "pdf-lib"
import { FULFILLMENT_STATUS_FIELDS } from "./lib/store-fixture.js"
import pdfText from "./lib/pdf-text.js"

const { pageText } = pdfText

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const demoDir = path.join(root, ".tmp", "demo-test")
const port = await freePort(0)
const checks = checklist()
const { check } = checks

const demo = await startDemo({ dir: demoDir, port })
const facts = demo.facts
check("the demo starts from a clean state and writes demo.json", !!facts, facts ? `${demo.seconds.toFixed(0)} s` : demo.output().slice(-2000))

if (facts) {
  const keys = ["backend_url", "admin_url", "admin_email", "admin_password", "publishable_key", "outbox_url", "guest_order_page_url", "guest_download_url", "customer_email", "customer_password", "album_preview_url", "book_preview_url", "stamped_download_url"]
  const missing = keys.filter((k) => !facts[k])
  check("demo.json has every documented key", !missing.length, missing.join(", "))

  const res = await fetch(facts.guest_download_url)
  const body = Buffer.from(await res.arrayBuffer())
  const sha = crypto.createHash("sha256").update(body).digest("hex")
  check(
    "the guest download link serves the e-book, byte for byte",
    res.status === 200 && sha === facts.guest_download_sha256 && body.subarray(0, 5).toString() === "%PDF-",
    `status ${res.status}, ${body.length} bytes`
  )

  // The seeded previews (README: Previews): the album's uploaded WAV clip seeks (Safari's probe), the e-book's first pages read inline.
  const probe = await fetch(facts.album_preview_url, { headers: { range: "bytes=0-1" } })
  const probed = Buffer.from(await probe.arrayBuffer())
  const whole = await fetch(facts.album_preview_url)
  const clip = Buffer.from(await whole.arrayBuffer())
  check(
    "the album's preview answers Safari's bytes=0-1 probe with 206, and is a 20 s WAV clip",
    probe.status === 206 &&
      probe.headers.get("content-range") === `bytes 0-1/${facts.album_preview_size}` &&
      probed.toString("latin1") === "RI" &&
      whole.status === 200 &&
      clip.length === facts.album_preview_size &&
      clip.subarray(8, 12).toString("latin1") === "WAVE" &&
      clip.readUInt32LE(40) / clip.readUInt32LE(28) === 20,
    `${probe.status} ${probe.headers.get("content-range")}; ${whole.status}, ${clip.length} bytes`
  )
  const sample = await fetch(facts.book_preview_url)
  const pdf = Buffer.from(await sample.arrayBuffer())
  const pages = pdf.length ? (await PDFDocument.load(pdf)).getPageCount() : 0
  check(
    "the e-book's preview (Make a preview) is its first 3 pages, inline",
    sample.status === 200 && sample.headers.get("content-type") === "application/pdf" && /^inline;/.test(sample.headers.get("content-disposition") ?? "") && pages === 3,
    `${sample.status} ${sample.headers.get("content-type")}, ${pages} pages`
  )

  // The stamped e-book (README: Stamped PDFs): the paid order's download is the buyer's own copy, their line on every page.
  const stamped = await fetch(facts.stamped_download_url)
  const stampedPdf = Buffer.from(await stamped.arrayBuffer())
  const stampedDoc = stamped.status === 200 ? await PDFDocument.load(stampedPdf).catch(() => null) : null
  const stampedPages = stampedDoc ? stampedDoc.getPages().map((p) => pageText(stampedDoc, p)) : []
  const line = `Licensed to ${facts.stamped_download_buyer}`
  check(
    "the stamped e-book downloads as the buyer's own copy: their line on every page and in its metadata",
    stampedPages.length === 6 && stampedPages.every((t) => t.includes(line)) && (stampedDoc?.getSubject() ?? "").startsWith(line),
    `${stamped.status}, ${stampedPages.length} pages, first page: ${JSON.stringify(stampedPages[0] ?? "").slice(0, 200)}`
  )

  const page = await fetch(facts.guest_order_page_url)
  const html = await page.text()
  check("the guest order page lists the e-book and the album", page.status === 200 && /the-medusa-handbook\.pdf/.test(html) && /hi-res/.test(html))

  const outbox = await fetch(facts.outbox_url).then((r) => r.text())
  check("the outbox holds both delivery emails", (outbox.match(/\/demo\/outbox\/[\w-]+/g) ?? []).length >= 2)
  // The email's frame lets a file link download (Chromium drops a download started from a sandbox without
  // allow-downloads, after fetching it: the browser test clicks it) and still runs no script of the email.
  const [firstEmail] = outbox.match(/\/demo\/outbox\/[\w-]+/g) ?? []
  const emailPage = firstEmail ? await fetch(new URL(firstEmail, facts.outbox_url)).then((r) => r.text()) : ""
  const sandbox = /<iframe sandbox="([^"]*)"/.exec(emailPage)?.[1] ?? ""
  check("the outbox shows an email in a frame that allows downloads and no scripts", /\ballow-downloads\b/.test(sandbox) && !/allow-scripts|allow-same-origin/.test(sandbox), sandbox)

  const login = await fetch(`${facts.backend_url}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: facts.admin_email, password: facts.admin_password }),
  })
  const { token } = await login.json()
  const assets = await fetch(`${facts.backend_url}/admin/digital-assets`, { headers: { authorization: `Bearer ${token}` } })
  const list = await assets.json()
  check("the printed admin credentials open the Admin API", assets.status === 200 && list.count >= 5, `${list.count} assets`)

  // License keys (issue 18): the software in the customer's paid order came with a key the activation API knows.
  const adminAuth = { authorization: `Bearer ${token}` }
  const { license_keys: licenseKeys = [] } = await (await fetch(`${facts.backend_url}/admin/orders/${facts.customer_order_id}/license-keys`, { headers: adminAuth })).json()
  const revealed = licenseKeys[0] ? await (await fetch(`${facts.backend_url}/admin/license-keys/${licenseKeys[0].id}/reveal`, { method: "POST", headers: adminAuth })).json() : {}
  const validated = revealed.key
    ? await fetch(`${facts.backend_url}/digital-downloads/licenses/validate`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ key: revealed.key }) })
    : null
  const answer = validated ? await validated.json() : {}
  check(
    "the paid software order has a license key, and the activation API answers for it, signed",
    licenseKeys.length === 1 && licenseKeys[0].state === "active" && validated?.status === 200 && answer.algorithm === "Ed25519" && answer.license?.state === "active",
    `${licenseKeys.length} key(s), validate ${validated?.status}`
  )

  // The digital fulfillment provider (README: Fulfillment): Medusa reads the paid orders as delivered.
  // Medusa counts unfulfilled lines only when the item details are selected (else a mixed order reads "delivered").
  const statusOf = async (id) =>
    (await (await fetch(`${facts.backend_url}/admin/orders/${id}?fields=${FULFILLMENT_STATUS_FIELDS}`, { headers: { authorization: `Bearer ${token}` } })).json()).order
      ?.fulfillment_status
  const statuses = [await statusOf(facts.guest_order_id), await statusOf(facts.customer_order_id)]
  check(
    "the paid orders read delivered in Medusa (the mixed one partially, its poster unshipped)",
    statuses[0] === "delivered" && statuses[1] === "partially_delivered",
    statuses.join(", ")
  )
}

const code = await demo.stop()
check("Ctrl-C stops the demo cleanly", code === 0, `exit ${code}`)

const portOpen = (p) =>
  new Promise((resolve) => {
    const s = net.connect(p, "127.0.0.1")
    s.once("connect", () => (s.destroy(), resolve(true)))
    s.once("error", () => resolve(false))
  })
const state = fs.existsSync(path.join(demoDir, "state.json")) ? JSON.parse(fs.readFileSync(path.join(demoDir, "state.json"), "utf8")) : {}
let leftovers = ""
try {
  leftovers = execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" })
    .split("\n")
    .filter((l) => l.includes(demoDir) || l.includes(path.join(root, "demo")))
    .join("\n")
} catch {
  // no ps here: the port checks below still apply
}
const serverUp = await portOpen(port)
const pgUp = state.pg_port ? await portOpen(state.pg_port) : false
check("no process is left behind", !leftovers && !serverUp && !pgUp, leftovers || (serverUp ? "server port open" : pgUp ? "PostgreSQL port open" : ""))

if (checks.failed) console.log(demo.output().slice(-4000))
fs.rmSync(demoDir, { recursive: true, force: true })
process.exit(checks.summary() ? 0 : 1)
