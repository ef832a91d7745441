// What the merchant does in Medusa Admin, in a real browser.
import fs from "node:fs"
import os from "node:os"
import path from "node:path"

export async function adminScenario({ facts, context, checks, screenshot }) {
  const page = await context.newPage()
  page.setDefaultTimeout(60_000)
  const base = facts.backend_url
  const toast = (text) => page.locator("[data-sonner-toast]", { hasText: text }).last().waitFor({ timeout: 30_000 })
  const settle = () => page.waitForTimeout(600)

  // The Admin API, for facts the browser steps check against.
  const { token } = await (
    await fetch(`${base}/auth/user/emailpass`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: facts.admin_email, password: facts.admin_password }),
    })
  ).json()
  const api = async (url) => (await fetch(base + url, { headers: { authorization: `Bearer ${token}` } })).json()
  const statusOf = async (url) => (await fetch(url, { redirect: "manual", headers: { accept: "application/json" } })).status

  await checks.step("the merchant logs in to Medusa Admin", async () => {
    await page.goto(facts.admin_url)
    await page.locator('input[name="email"]').fill(facts.admin_email)
    await page.locator('input[name="password"]').fill(facts.admin_password)
    await page.locator('button[type="submit"]').click()
    await page.waitForURL(/\/app\/orders/, { timeout: 180_000 })
  })

  await checks.step("sees paid digital orders as delivered in Medusa's own Orders list", async () => {
    // The plugin's digital fulfillment (README: Fulfillment): the guest's digital-only
    // order reads Delivered, the customer's mixed one Partially delivered (its poster waits).
    const expected = [
      [facts.guest_order_id, "Delivered"],
      [facts.customer_order_id, "Partially delivered"],
    ]
    const seen = []
    for (const [id, status] of expected) {
      const { order } = await api(`/admin/orders/${id}?fields=id,display_id,email`)
      await page.goto(`${base}/app/orders`)
      // A visible table row whose order cell reads #<display id> (registered customers show their name, not the email).
      const row = page.locator(":is(tr, [role=row]):visible", { hasText: new RegExp(`#${order.display_id}(?!\\d)`) }).first()
      await row.waitFor({ timeout: 20_000 }).catch(async (err) => {
        await screenshot(page, "admin-orders-list-failed")
        throw err
      })
      const text = await row.innerText()
      if (!new RegExp(`(^|\\s)${status}(\\s|$)`).test(text) || /Not fulfilled/.test(text)) throw new Error(`order #${order.display_id} reads: ${text.replace(/\s+/g, " ")}`)
      seen.push(`#${order.display_id} ${status}`)
    }
    await screenshot(page, "admin-orders-list")
    return seen.join(", ")
  })

  const { products } = await api("/admin/products?fields=id,title,variants.id&limit=50")
  const book = products.find((p) => /Handbook/.test(p.title))

  await checks.step("attaches a file to a variant, with an upload progress bar", async () => {
    const file = path.join(os.tmpdir(), "Bonus chapter.pdf")
    fs.writeFileSync(file, Buffer.alloc(3 * 1024 * 1024, 1))
    await page.goto(`${base}/app/products/${book.id}/variants/${book.variants[0].id}`)
    const widget = page.getByTestId("dd-variant-widget")
    await widget.waitFor()
    const before = await page.getByTestId("dd-asset-row").count()
    // A slow uplink, so the progress bar has time to show.
    const cdp = await page.context().newCDPSession(page)
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 1_000_000 })
    await page.getByTestId("dd-upload-input").setInputFiles(file)
    const progress = page.getByTestId("dd-upload-progress")
    await progress.waitFor()
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="dd-upload-progress"]')?.getAttribute("aria-valuenow")) > 0)
    await widget.scrollIntoViewIfNeeded()
    await screenshot(page, "admin-variant-upload")
    const shown = await progress.getAttribute("aria-valuenow")
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 })
    await toast("uploaded")
    await page.getByTestId("dd-asset-row").nth(before).waitFor()
    const { digital_assets } = await api(`/admin/digital-delivery/variants/${book.variants[0].id}`)
    if (!digital_assets.some((a) => a.filename === "Bonus chapter.pdf")) throw new Error("the file is not attached to the variant")
    await widget.scrollIntoViewIfNeeded()
    await settle()
    await screenshot(page, "admin-variant-files")
    return `progress bar seen at ${shown} %, ${digital_assets.length} files on the variant`
  })

  await checks.step("sees which variants of a product are digital", async () => {
    await page.goto(`${base}/app/products/${book.id}`)
    const widget = page.getByTestId("dd-product-widget")
    await widget.waitFor()
    await widget.scrollIntoViewIfNeeded()
    await settle()
    await screenshot(page, "admin-product")
  })

  /**
   * At each [viewport width, screenshot name or null]: the card's table is not wider
   * than the card (nor is anything else in it). Ends at the last width given.
   */
  const tableFitsCard = async (widget, widths) => {
    const fits = []
    for (const [width, name] of widths) {
      await page.setViewportSize({ width, height: 900 })
      await widget.scrollIntoViewIfNeeded()
      await settle()
      if (name) await screenshot(page, name)
      const m = await widget.evaluate((card) => {
        const table = card.querySelector("table")
        return { card: card.clientWidth, cardScroll: card.scrollWidth, table: table?.scrollWidth ?? 0 }
      })
      if (!m.table) throw new Error(`no table at ${width} px`)
      if (m.table > m.card || m.cardScroll > m.card) {
        throw new Error(`at ${width} px the table is ${m.table} px wide (card content ${m.cardScroll} px) in a card of ${m.card} px`)
      }
      fits.push(`${width} px: table ${m.table} ≤ card ${m.card}`)
    }
    return fits.join(", ")
  }

  const grantRow = () => page.getByTestId("dd-grant-row").filter({ hasText: "the-medusa-handbook.pdf" })
  const grantAction = async (testId) => {
    const item = page.getByTestId(testId)
    const trigger = grantRow().getByTestId("dd-grant-actions")
    // Right after a menu item ran (and its toast appeared), the first click on the
    // trigger may only move the focus: close whatever is open and try again,
    // with the keyboard as a last resort.
    for (let attempt = 0; attempt < 5; attempt++) {
      await page.keyboard.press("Escape")
      await page.waitForTimeout(200)
      if (attempt < 3) await trigger.click({ timeout: 10_000 })
      else {
        await trigger.focus()
        await page.keyboard.press("Enter")
      }
      if (await item.waitFor({ timeout: 2000 }).then(() => true, () => false)) break
    }
    await item.click({ timeout: 10_000 })
  }
  let link

  await checks.step("opens an order with digital lines and copies a download link that works", async () => {
    await page.goto(`${base}/app/orders/${facts.guest_order_id}`)
    const widget = page.getByTestId("dd-order-widget")
    await widget.waitFor()
    await grantRow().waitFor()
    // The grant table fits its card at both common laptop widths (screenshot of each).
    const fits = await tableFitsCard(widget, [[1280, "admin-order-1280"], [1440, "admin-order"]])
    await grantAction("dd-copy-link")
    await toast("copied")
    link = await page.evaluate(() => navigator.clipboard.readText())
    const res = await fetch(link)
    const body = Buffer.from(await res.arrayBuffer())
    if (res.status !== 200 || body.subarray(0, 5).toString() !== "%PDF-") throw new Error(`the copied link answered ${res.status}`)
    return `${fits}; ${link.slice(0, 60)}…`
  })

  await checks.step("disables the grant: the same link is refused", async () => {
    await grantAction("dd-toggle-enabled")
    await toast("disabled")
    const status = await statusOf(link)
    if (status !== 403) throw new Error(`the link answered ${status}, not 403`)
    await grantAction("dd-toggle-enabled")
    await toast("enabled")
    if ((await statusOf(link)) !== 200) throw new Error("the link does not work again after enabling")
  })

  await checks.step("resets the counter and shows the download history", async () => {
    await grantAction("dd-reset-count")
    await toast("reset")
    await page.getByTestId("dd-grant-usage").first().waitFor()
    const usage = await grantRow().getByTestId("dd-grant-usage").innerText()
    if (!/^0\b/.test(usage.trim())) throw new Error(`usage shows ${usage}`)
    await grantAction("dd-history")
    await page.getByText("served").first().waitFor()
    await settle()
    await screenshot(page, "admin-grant-history")
    await page.keyboard.press("Escape")
    return `usage ${usage.trim()}`
  })

  await checks.step("makes the link never expire, then revokes it", async () => {
    await grantAction("dd-change-expiry")
    await page.getByTestId("dd-expiry-never").click()
    await page.getByTestId("dd-expiry-save").click()
    await toast("xpir")
    await grantRow().getByTestId("dd-grant-expiry").filter({ hasText: /Never/i }).waitFor()
    await grantAction("dd-revoke")
    await page.getByRole("button", { name: /Revoke/ }).last().click()
    await toast("revoked")
    const status = await statusOf(link)
    if (status !== 410) throw new Error(`the revoked link answered ${status}`)
  })

  await checks.step("edits the email template and sees the preview change", async () => {
    await page.goto(`${base}/app/settings/digital-delivery`)
    const subject = page.getByTestId("dd-template-subject")
    await subject.waitFor()
    await subject.fill("Your files from {StoreName} are here")
    await page.getByTestId("dd-preview-subject").filter({ hasText: "Your files from Digital Demo Store are here" }).waitFor()
    await page.getByTestId("dd-template-subject").scrollIntoViewIfNeeded()
    await page.mouse.wheel(0, 250)
    await settle()
    await screenshot(page, "admin-settings")
    await page.getByTestId("dd-save-settings").click()
    await toast("saved")
    const { settings } = await api("/admin/digital-delivery/settings")
    if (settings.templates?.en?.subject !== "Your files from {StoreName} are here") throw new Error("the template was not saved")
  })

  await checks.step("finds the order on the Digital deliveries page by email, and extends it in bulk", async () => {
    await page.goto(`${base}/app/digital-deliveries`)
    await page.getByTestId("dd-order-row").first().waitFor()
    await page.getByTestId("dd-search").fill("guest@example.com")
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="dd-order-row"]').length === 1)
    const row = page.getByTestId("dd-order-row").first()
    if (!/guest@example\.com/.test(await row.innerText())) throw new Error("the row is not the guest's order")
    await row.getByTestId("dd-select-row").click()
    await page.getByTestId("dd-bulk-extend").click()
    await page.getByTestId("dd-extend-days").fill("15")
    await page.getByTestId("dd-extend-confirm").click()
    await toast("extended")
    await page.getByTestId("dd-search").fill("")
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="dd-order-row"]').length > 1)
    await settle()
    await screenshot(page, "admin-digital-deliveries")
  })

  await checks.step("sees a customer's digital library", async () => {
    const { customers } = await api(`/admin/customers?q=${encodeURIComponent(facts.customer_email)}`)
    await page.goto(`${base}/app/customers/${customers[0].id}`)
    const widget = page.getByTestId("dd-customer-widget")
    await widget.waitFor()
    await page.getByTestId("dd-library-row").first().waitFor()
    return await tableFitsCard(widget, [[1280, null], [1440, "admin-customer"]])
  })
  await page.close()
}
