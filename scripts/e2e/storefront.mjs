// The example Next.js storefront (examples/nextjs-storefront), in a real browser
// against the demo backend: a guest's checkout and order confirmation, the
// customer's Downloads, a used-up file. Everything the pages show of the plugin
// came through its typed client (medusa-plugin-digital-delivery/client).
import crypto from "node:crypto"
import fs from "node:fs"
import fixture from "../lib/store-fixture.js"
import { client } from "../lib/api-client.mjs"

const BOOK = "the-medusa-handbook.pdf"
const GUEST = "reader@example.com"

async function waitFor(what, check, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 300))
  }
}

export async function storefrontScenario({ facts, context, checks, screenshot }) {
  const sf = `${facts.storefront_url}/gb`
  // The Admin API: what the merchant does meanwhile (capture a payment, change a limit) and what the pages must match.
  const api = client(facts.backend_url)
  const A = await fixture.adminHeaders(api, facts.admin_email, facts.admin_password)
  const delivery = (orderId) => api.get(`/admin/orders/${orderId}/digital-delivery`, A)
  const page = await context.newPage()
  page.setDefaultTimeout(30_000)
  const text = async (locator) => (await locator.innerText()).replace(/\s+/g, " ").trim()
  let orderId = null

  await checks.step("storefront: the product page says what the e-book's buyer gets (format, size, downloads, days)", async () => {
    await page.goto(sf)
    await page.getByRole("link", { name: "The Medusa Handbook (e-book)" }).click()
    const summary = await text(page.getByTestId("digital-facts-summary"))
    // The seeded e-book: one PDF, the demo's defaults (5 downloads, 30 days); its size as the Admin API knows it.
    const { digital_assets } = await api.get(`/admin/digital-assets?q=${encodeURIComponent(BOOK)}`, A)
    const kb = digital_assets[0].size / 1000
    const expected = `PDF · ${kb.toFixed(kb < 10 ? 1 : 0)} KB · 5 downloads · 30 days`
    if (summary !== expected) throw new Error(`the product page says "${summary}" (the file has ${digital_assets[0].size} bytes)`)
    // The e-book's preview (its first 3 pages, seeded by "Make a preview"; the Admin story made another): a link the browser opens inline.
    const samples = page.getByTestId("digital-facts").getByRole("link", { name: "Read a sample" })
    const links = await samples.evaluateAll((els) => els.map((a) => ({ href: a.getAttribute("href"), target: a.getAttribute("target") })))
    const seeded = links.find((l) => l.href === facts.book_preview_url)
    if (seeded?.target !== "_blank") throw new Error(`"Read a sample" links: ${JSON.stringify(links)}`)
    const href = seeded.href
    const res = await fetch(href, { method: "HEAD" })
    if (res.status !== 200 || res.headers.get("content-type") !== "application/pdf" || !/^inline;/.test(res.headers.get("content-disposition") ?? "")) {
      throw new Error(`the sample answers ${res.status} ${res.headers.get("content-type")} ${res.headers.get("content-disposition")}`)
    }
    await screenshot(page, "storefront-product")
    return `${summary}; Read a sample: ${res.status} application/pdf, inline`
  })

  await checks.step("storefront: the album's page plays its WAV preview in <audio> (206 responses, a finite duration) and seeks near the end", async () => {
    const albumPage = await context.newPage()
    albumPage.setDefaultTimeout(30_000)
    try {
      const url = facts.album_preview_url
      const answers = []
      albumPage.on("response", (res) => {
        if (res.url() === url) answers.push({ status: res.status(), range: res.request().headers()["range"] ?? null })
      })
      await albumPage.goto(sf)
      await albumPage.getByRole("link", { name: "Night Tones (audio album)" }).click()
      const audio = albumPage.getByTestId("previews").locator("audio")
      await audio.waitFor()
      const attrs = await audio.evaluate((el) => ({ src: el.getAttribute("src"), preload: el.getAttribute("preload"), controls: el.controls }))
      if (attrs.src !== url || attrs.preload !== "metadata" || !attrs.controls) throw new Error(`the player is ${JSON.stringify(attrs)}`)
      const duration = await audio.evaluate(
        (el) =>
          new Promise((resolve, reject) => {
            if (el.readyState >= 1) return resolve(el.duration)
            el.addEventListener("loadedmetadata", () => resolve(el.duration), { once: true })
            el.addEventListener("error", () => reject(new Error(`media error ${el.error?.code}`)), { once: true })
          })
      )
      if (!Number.isFinite(duration) || Math.abs(duration - 20) > 0.05) throw new Error(`the player reads a duration of ${duration} s (the clip is 20 s)`)
      // Seek to a second before the end: the player asks for the bytes there (or has them), fires `seeked` and can play from it.
      const seek = await audio.evaluate(
        (el) =>
          new Promise((resolve, reject) => {
            el.addEventListener("error", () => reject(new Error(`media error ${el.error?.code}`)), { once: true })
            el.addEventListener(
              "seeked",
              () => {
                const done = () => resolve({ currentTime: el.currentTime, readyState: el.readyState })
                if (el.readyState >= 2) done()
                else el.addEventListener("canplay", done, { once: true })
              },
              { once: true }
            )
            el.currentTime = el.duration - 1
          })
      )
      if (Math.abs(seek.currentTime - (duration - 1)) > 0.05 || seek.readyState < 2) throw new Error(`after seeking: ${JSON.stringify(seek)}`)
      const partial = answers.filter((a) => a.status === 206)
      if (!partial.length || answers.some((a) => a.status >= 400)) throw new Error(`the preview's responses: ${JSON.stringify(answers)}`)
      // Safari's first request: two bytes.
      const probe = await fetch(url, { headers: { range: "bytes=0-1" } })
      const probeRange = probe.headers.get("content-range")
      if (probe.status !== 206 || probeRange !== `bytes 0-1/${facts.album_preview_size}`) throw new Error(`bytes=0-1 answers ${probe.status} ${probeRange}`)
      await screenshot(albumPage, "storefront-product-audio")
      return `duration ${duration} s; seeked to ${seek.currentTime.toFixed(2)} s (readyState ${seek.readyState}); responses ${answers.map((a) => `${a.status} ${a.range ?? "-"}`).join(", ")}; bytes=0-1 → 206 ${probeRange}`
    } finally {
      await albumPage.close()
    }
  })

  await checks.step("storefront: a guest checks out (email, address, the demo's payment) and lands on the confirmation, waiting for payment", async () => {
    await page.getByRole("button", { name: "Add to cart" }).click()
    await page.waitForURL(/\/gb\/checkout$/)
    await page.getByLabel("Email").fill(GUEST)
    await page.getByLabel("First name").fill("Ada")
    await page.getByLabel("Last name").fill("Reader")
    await page.getByLabel("Address").fill("1 Library Lane")
    await page.getByLabel("Postal code").fill("N1 9GU")
    await page.getByLabel("City").fill("London")
    await page.getByLabel(/Manual payment/).check()
    await screenshot(page, "storefront-checkout")
    await page.getByRole("button", { name: "Place order" }).click()
    await page.waitForURL(/\/gb\/order\/[^/]+\/confirmed$/, { timeout: 60_000 })
    orderId = new URL(page.url()).pathname.split("/")[3]
    const section = page.getByTestId("order-downloads")
    const state = await section.getAttribute("data-state")
    if (state !== "awaiting_payment") throw new Error(`the new order's delivery state is ${state}`)
    const file = await text(section.getByTestId("order-file"))
    if (!file.includes(BOOK) || !file.includes("Not delivered yet")) throw new Error(`the file reads "${file}"`)
    const { order } = await api.get(`/admin/orders/${orderId}?fields=id,email`, A)
    if (order.email !== GUEST) throw new Error(`the order's email is ${order.email}`)
    return `order ${orderId}: awaiting payment, ${BOOK} not delivered yet`
  })

  await checks.step("storefront: once the merchant captures the payment, the guest's confirmation lists the file (size, downloads left, expiry) without a link, and offers 'Email me my links again'", async () => {
    if (!orderId) throw new Error("no order")
    await fixture.capture(api, A, orderId)
    await waitFor("the delivery email", async () => (await delivery(orderId)).emails.some((e) => e.status === "success"))
    await page.reload()
    const section = page.getByTestId("order-downloads")
    await waitFor("the delivered state", async () => (await section.getAttribute("data-state")) === "delivered" || (await page.reload(), false))
    const file = await text(section.getByTestId("order-file"))
    if (!/the-medusa-handbook\.pdf PDF, [\d.]+ KB Ready · 5 downloads left · until \d+ \w+ \d{4}/.test(file)) throw new Error(`the file reads "${file}"`)
    // Anyone holding the order id sees the list and the state, never a link.
    if (await section.getByRole("link", { name: "Download" }).count()) throw new Error("a guest's confirmation shows a download link")
    await section.getByRole("button", { name: "Email me my links again" }).waitFor()
    await screenshot(page, "storefront-order-confirmed")
    return file
  })

  await checks.step("storefront: 'Email me my links again' sends the delivery email again, to the order's address (notification record and outbox)", async () => {
    const before = (await delivery(orderId)).emails.length
    const outboxBefore = (await (await fetch(facts.outbox_url)).text()).split(GUEST).length
    await page.getByRole("button", { name: "Email me my links again" }).click()
    const status = await text(page.getByTestId("email-links-status"))
    if (!/on its way/.test(status)) throw new Error(`the page says "${status}"`)
    const emails = await waitFor("a second delivery email", async () => {
      const { emails } = await delivery(orderId)
      return emails.length > before && emails.every((e) => e.status === "success") ? emails : null
    })
    const outbox = await (await fetch(facts.outbox_url)).text()
    if (outbox.split(GUEST).length <= outboxBefore) throw new Error(`the outbox shows no new email to ${GUEST}`)
    await screenshot(page, "storefront-email-links")
    return `${before} → ${emails.length} emails (${emails.map((e) => e.status).join(", ")}); "${status}"`
  })

  const customerPage = await context.browser().newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true, locale: "en-US" })
  customerPage.setDefaultTimeout(30_000)
  const customerBook = async () => {
    const { download_grants } = await api.get(`/admin/download-grants?order_id=${facts.customer_order_id}&limit=50`, A)
    return download_grants.find((g) => g.asset.filename === BOOK)
  }

  await checks.step("storefront: a registered customer logs in, opens Downloads and downloads the e-book (the bytes the demo seeded)", async () => {
    await customerPage.goto(`${sf}/account`)
    await customerPage.getByLabel("Email").fill(facts.customer_email)
    await customerPage.getByLabel("Password").fill(facts.customer_password)
    await customerPage.getByRole("button", { name: "Log in" }).click()
    await customerPage.waitForURL(/\/gb\/account\/downloads$/)
    const row = customerPage.getByTestId("download").filter({ hasText: BOOK })
    await row.waitFor()
    await screenshot(customerPage, "storefront-downloads")
    const [download] = await Promise.all([customerPage.waitForEvent("download"), row.getByRole("link", { name: "Download" }).click()])
    const file = await download.path()
    const sha256 = crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex")
    if (sha256 !== facts.guest_download_sha256) throw new Error(`downloaded ${download.suggestedFilename()} with sha256 ${sha256}, not the seeded file's`)
    return `${download.suggestedFilename()}, ${fs.statSync(file).size} bytes, sha256 matches`
  })

  await checks.step("storefront: the order's own customer sees Download buttons on its confirmation page", async () => {
    await customerPage.goto(`${sf}/order/${facts.customer_order_id}/confirmed`)
    const section = customerPage.getByTestId("order-downloads")
    const row = section.getByTestId("order-file").filter({ hasText: BOOK })
    const href = await row.getByRole("link", { name: "Download" }).getAttribute("href")
    if (!href?.startsWith(facts.backend_url)) throw new Error(`the owner's link is ${href}`)
    if (await section.getByRole("button", { name: "Email me my links again" }).count()) throw new Error("the owner is offered the resend instead of links")
    const res = await fetch(href, { method: "HEAD" })
    if (res.status !== 200) throw new Error(`the owner's link answers ${res.status}`)
    return `${await section.getByRole("link", { name: "Download" }).count()} links; HEAD ${res.status}`
  })

  await checks.step("storefront: a used-up file shows 'Used up' without a Download button, and a stale Download says why", async () => {
    // Settled usage (the download above, and the hosted library's in buyer.mjs): set the limit to it.
    const grant = await waitFor("the customer's download to be settled", async () => {
      const g = await customerBook()
      return Number(g?.downloads_used) >= 1 ? g : null
    })
    const limit = Math.max(1, Math.floor(Number(grant.downloads_used)))
    await api.post(`/admin/download-grants/${grant.id}`, { max_downloads: limit }, A)
    try {
      await customerPage.goto(`${sf}/account/downloads`)
      const row = customerPage.getByTestId("download").filter({ hasText: BOOK })
      if ((await row.getAttribute("data-status")) !== "exhausted") throw new Error(`the row's state is ${await row.getAttribute("data-status")}`)
      const state = await text(row.getByTestId("download-status"))
      if (state !== "Used up") throw new Error(`the row says "${state}"`)
      if (await row.getByRole("link", { name: "Download" }).count()) throw new Error("a used-up file still has a Download button")
      await screenshot(customerPage, "storefront-downloads-used-up")
      // A Download button from before (another tab): the plugin refuses the link and the page says why.
      await customerPage.goto(`${sf}/account/downloads/${grant.id}`)
      await customerPage.waitForURL(/refused=limit_reached/)
      const alert = await text(customerPage.locator("main").getByRole("alert"))
      if (!/used all the downloads/.test(alert)) throw new Error(`the refusal reads "${alert}"`)
      return `limit ${limit} of ${grant.downloads_used} used: "${state}"; stale link: "${alert}"`
    } finally {
      await api.post(`/admin/download-grants/${grant.id}`, { max_downloads: grant.max_downloads ?? 5 }, A)
    }
  })

  await checks.step("storefront: an expired file shows 'Expired' and when it ended, without a Download button", async () => {
    const grant = await customerBook()
    const ended = new Date(Date.now() - 2 * 86_400_000)
    await api.post(`/admin/download-grants/${grant.id}`, { expires_at: ended.toISOString() }, A)
    try {
      await customerPage.goto(`${sf}/account/downloads`)
      const row = customerPage.getByTestId("download").filter({ hasText: BOOK })
      if ((await row.getAttribute("data-status")) !== "expired") throw new Error(`the row's state is ${await row.getAttribute("data-status")}`)
      const state = await text(row.getByTestId("download-status"))
      const line = await text(row.locator(".muted").last())
      if (state !== "Expired" || !/ended /.test(line)) throw new Error(`the row says "${state}", "${line}"`)
      if (await row.getByRole("link", { name: "Download" }).count()) throw new Error("an expired file still has a Download button")
      await screenshot(customerPage, "storefront-downloads-expired")
      return `"${state}", "${line}"`
    } finally {
      await api.post(`/admin/download-grants/${grant.id}`, { expires_at: grant.expires_at ?? null }, A)
    }
  })
  await customerPage.close()
  await page.close()
}
