// What the merchant does in Medusa Admin, in a real browser.
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { pageHelpers } from "./page-helpers.mjs"

export async function adminScenario({ facts, context, checks, screenshot, admin }) {
  const page = await context.newPage()
  page.setDefaultTimeout(60_000)
  const base = facts.backend_url
  const { toast, settle, rowAction } = pageHelpers(page)

  /** Whether two elements' boxes overlap on screen. */
  const overlap = (a, b) => !!a && !!b && a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
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
      const { order } = await admin.get(`/admin/orders/${id}?fields=id,display_id,email`)
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

  const { products } = await admin.get("/admin/products?fields=id,title,variants.id&limit=50")
  const book = products.find((p) => /Handbook/.test(p.title))

  await checks.step("reveals a license key of the software order, and sees the software's key source on its variant", async () => {
    await page.goto(`${base}/app/orders/${facts.customer_order_id}`)
    const card = page.getByTestId("dd-license-keys-widget")
    await card.waitFor()
    const row = card.getByTestId("dd-license-key-row").first()
    await row.getByTestId("dd-license-key-reveal").click()
    await row.getByText(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/).waitFor()
    await card.scrollIntoViewIfNeeded()
    await screenshot(page, "admin-license-keys")
    const software = products.find((p) => /Desktop/.test(p.title))
    await page.goto(`${base}/app/products/${software.id}/variants/${software.variants[0].id}`)
    const config = page.getByTestId("dd-license-config")
    await config.waitFor()
    const source = await config.getByTestId("dd-license-source").innerText()
    if (!/Generated/.test(source)) throw new Error(`the software's key source reads: ${source}`)
    await config.scrollIntoViewIfNeeded()
    await screenshot(page, "admin-variant-license-keys")
    return source.trim()
  })

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
    // The merchant opens the new file at once (to rename it): the upload toast must not cover the drawer's Save.
    await rowAction(page.getByTestId("dd-asset-row").filter({ hasText: "Bonus chapter.pdf" }), "dd-asset-actions", "dd-asset-edit")
    const save = await page.getByTestId("dd-asset-save").boundingBox()
    const uploadToast = page.locator("[data-sonner-toast]", { hasText: "uploaded" }).last()
    if (!(await uploadToast.isVisible())) throw new Error("the upload toast was gone before the drawer opened: nothing measured")
    if (overlap(await uploadToast.boundingBox(), save)) throw new Error("the upload toast covers the drawer's Save button")
    await page.keyboard.press("Escape")
    await page.getByTestId("dd-asset-drawer").waitFor({ state: "hidden" })
    const { digital_assets } = await admin.get(`/admin/digital-delivery/variants/${book.variants[0].id}`)
    if (!digital_assets.some((a) => a.filename === "Bonus chapter.pdf")) throw new Error("the file is not attached to the variant")
    await widget.scrollIntoViewIfNeeded()
    await settle()
    await screenshot(page, "admin-variant-files")
    return `progress bar seen at ${shown} %, ${digital_assets.length} files on the variant; the upload toast left the drawer's Save free`
  })

  await checks.step("renames a file to a path: the toast names what was saved; removes it: a toast", async () => {
    const variantId = book.variants[0].id
    const row = page.getByTestId("dd-asset-row").filter({ hasText: "Bonus chapter.pdf" })
    await rowAction(row, "dd-asset-actions", "dd-asset-edit")
    await page.getByTestId("dd-asset-filename").fill("../../etc/passwd")
    await page.getByTestId("dd-asset-save").click()
    const renamed = page.locator("[data-sonner-toast]", { hasText: "File updated" }).last()
    await renamed.waitFor({ timeout: 30_000 })
    const { digital_assets } = await admin.get(`/admin/digital-delivery/variants/${variantId}`)
    const saved = digital_assets.find((a) => a.filename !== "../../etc/passwd" && /passwd/.test(a.filename))?.filename
    if (!saved) throw new Error(`no renamed file on the variant: ${digital_assets.map((a) => a.filename).join(", ")}`)
    const text = await renamed.innerText()
    if (!text.includes(saved) || text.includes("../../etc/passwd")) throw new Error(`the toast says "${text}", the server saved "${saved}"`)
    const savedRow = page.getByTestId("dd-asset-row").filter({ hasText: saved })
    await rowAction(savedRow, "dd-asset-actions", "dd-asset-remove")
    await page.getByRole("alertdialog").getByRole("button", { name: "Remove" }).click()
    await toast("File removed from the variant")
    await savedRow.waitFor({ state: "detached" })
    return `toast: "${text.replace(/\s+/g, " ")}"`
  })

  await checks.step("a PDF's edit drawer offers stamping (on for the seeded personal edition), other files do not", async () => {
    const personal = products.find((p) => /personal edition/.test(p.title))
    await page.goto(`${base}/app/products/${personal.id}/variants/${personal.variants[0].id}`)
    const row = page.getByTestId("dd-asset-row").filter({ hasText: "field-notes-personal-edition.pdf" })
    await row.waitFor()
    await rowAction(row, "dd-asset-actions", "dd-asset-edit")
    const stamp = page.getByTestId("dd-asset-stamp")
    await stamp.waitFor()
    if ((await stamp.getAttribute("aria-checked")) !== "true") throw new Error("the seeded stamped PDF shows stamping off")
    const template = page.getByTestId("dd-asset-stamp-template")
    const placeholder = await template.getAttribute("placeholder")
    if (!/Licensed to \{ClientName\}/.test(placeholder ?? "")) throw new Error(`the line's placeholder reads "${placeholder}"`)
    await settle()
    await screenshot(page, "admin-stamp-pdf")
    await page.keyboard.press("Escape")
    await page.getByTestId("dd-asset-drawer").waitFor({ state: "hidden" })
    // A WAV of the album: no stamping switch.
    const album = products.find((p) => /Night Tones/.test(p.title))
    await page.goto(`${base}/app/products/${album.id}/variants/${album.variants[0].id}`)
    const track = page.getByTestId("dd-asset-row").filter({ hasText: "01 - Dawn.wav" })
    await track.waitFor()
    await rowAction(track, "dd-asset-actions", "dd-asset-edit")
    await page.getByTestId("dd-asset-drawer").waitFor()
    if (await page.getByTestId("dd-asset-stamp").count()) throw new Error("a WAV file offers stamping")
    await page.keyboard.press("Escape")
    return `switch on, placeholder "${placeholder}"`
  })

  await checks.step("publishes a new release of a file: label, notes, extra downloads; sees its releases", async () => {
    const variantId = book.variants[0].id
    // A file of its own (the Handbook's files stay as the later steps and the buyer's test expect them).
    const form = new FormData()
    form.append("file", new Blob([Buffer.alloc(200_000, 2)]), "Changelog demo.pdf")
    const { digital_asset: asset } = await admin.post("/admin/digital-assets", form)
    await admin.post(`/admin/digital-assets/${asset.id}/variants`, { add: [variantId] })
    try {
      await page.goto(`${base}/app/products/${book.id}/variants/${variantId}`)
      const row = page.getByTestId("dd-asset-row").filter({ hasText: "Changelog demo.pdf" })
      await row.waitFor()
      await rowAction(row, "dd-asset-actions", "dd-asset-releases")
      const drawer = page.getByTestId("dd-releases-drawer")
      await drawer.waitFor()
      const file = path.join(os.tmpdir(), "Changelog demo 2.pdf")
      fs.writeFileSync(file, Buffer.alloc(300_000, 3))
      await page.getByTestId("dd-release-file").setInputFiles(file)
      await page.getByTestId("dd-release-label").fill("2.0")
      await page.getByTestId("dd-release-notes").fill("Two new chapters.\n\nEvery change: https://example.com/changelog")
      await page.getByTestId("dd-release-extra").fill("1")
      await page.getByTestId("dd-release-notify").click()
      // The count shown before publishing is the server's (a new file: nobody holds it yet).
      const audience = page.locator('[data-testid="dd-release-audience"]:not([data-recipients=""])')
      await audience.waitFor()
      const { recipients } = await admin.get(`/admin/digital-assets/${asset.id}/update-audience`)
      const shown = await audience.innerText()
      if (Number(await audience.getAttribute("data-recipients")) !== recipients || !(recipients === 0 ? /No buyer to email/ : /Email \d+ buyers?/).test(shown)) {
        throw new Error(`the dialog says "${shown}" for ${recipients} recipients`)
      }
      await page.getByTestId("dd-release-publish").click()
      await toast("Release 2.0 published")
      const after = (await admin.get(`/admin/digital-assets/${asset.id}`)).digital_asset
      const release = after.versions.find((v) => v.version === 2)
      if (after.version !== 2 || release?.version_label !== "2.0" || release?.extra_downloads !== 1) {
        throw new Error(`the asset reads version ${after.version}, release ${JSON.stringify(release)}`)
      }
      // The row names the current release; its drawer lists both, the new one current, with its notes.
      await row.getByTestId("dd-asset-release-summary").filter({ hasText: "2.0 · 2 releases" }).click()
      await drawer.waitFor()
      const current = drawer.locator('[data-testid="dd-release-row"][data-current="true"]')
      await current.filter({ hasText: "Two new chapters." }).waitFor()
      const rows = await drawer.getByTestId("dd-release-row").allInnerTexts()
      if (rows.length !== 2 || !/^2\.0/.test(rows[0]) || !/^Version 1/.test(rows[1])) throw new Error(`the drawer lists: ${rows.join(" | ")}`)
      await drawer.getByTestId("dd-keep-releases").click()
      await toast("Earlier releases are downloadable")
      await drawer.getByTestId("dd-release-label").scrollIntoViewIfNeeded()
      await page.getByTestId("dd-release-list").scrollIntoViewIfNeeded()
      await settle()
      await screenshot(page, "admin-releases")
      if (!(await admin.get(`/admin/digital-assets/${asset.id}`)).digital_asset.keep_earlier_releases) throw new Error("the switch did not keep earlier releases")
      await page.keyboard.press("Escape")
      return `published 2.0 (+1 download), ${rows.length} releases listed, earlier ones kept`
    } finally {
      await admin.post(`/admin/digital-assets/${asset.id}/variants`, { remove: [variantId] }).catch(() => undefined)
      await admin.delete(`/admin/digital-assets/${asset.id}`).catch(() => undefined)
    }
  })

  await checks.step("sees which variants of a product are digital, in the side column (not below the JSON)", async () => {
    await page.goto(`${base}/app/products/${book.id}`)
    const widget = page.getByTestId("dd-product-widget")
    await widget.waitFor()
    await page.getByTestId("dd-product-variant-row").first().waitFor()
    await settle()
    // Medusa 2.21 puts a zone's widgets at the end of their column: the side column ends long before the
    // main one, whose last card is the JSON. The card is beside the main column and starts above the JSON.
    const box = await widget.boundingBox()
    const json = await page.getByText("JSON", { exact: true }).first().boundingBox()
    if (!box || !json || box.x < json.x + 200 || box.y > json.y) {
      throw new Error(`the product card is at x ${box?.x}, y ${box?.y}; the JSON section at x ${json?.x}, y ${json?.y}`)
    }
    if ((await widget.getAttribute("data-state")) !== "digital") throw new Error("the Handbook is not shown as digital")
    await widget.scrollIntoViewIfNeeded()
    await page.mouse.wheel(0, 200)
    await settle()
    await screenshot(page, "admin-product")
    return `card at y = ${Math.round(box.y)} px in the side column, the JSON at y = ${Math.round(json.y)} px`
  })

  await checks.step("makes a preview of the Handbook's first 2 pages: public, inline, answers Range", async () => {
    await page.goto(`${base}/app/products/${book.id}`)
    const widget = page.getByTestId("dd-previews-widget")
    await widget.waitFor()
    const pdf = widget.getByTestId("dd-preview-asset").filter({ hasText: ".pdf" }).first()
    await pdf.waitFor()
    // The demo seeded one (its first 3 pages): the new preview comes after it.
    await pdf.getByTestId("dd-preview-row").first().waitFor()
    const before = await pdf.getByTestId("dd-preview-row").count()
    await pdf.getByTestId("dd-preview-amount").fill("2")
    await pdf.getByTestId("dd-preview-make").click()
    await toast("Preview made")
    const row = pdf.getByTestId("dd-preview-row").nth(before)
    await row.waitFor()
    await pdf.scrollIntoViewIfNeeded()
    await settle()
    await screenshot(page, "admin-previews")
    const id = await row.getAttribute("data-preview-id")
    const res = await fetch(`${base}/digital-downloads/previews/${id}`, { headers: { range: "bytes=0-1" } })
    await res.arrayBuffer()
    const range = res.headers.get("content-range")
    const disposition = res.headers.get("content-disposition") ?? ""
    if (res.status !== 206 || !range?.startsWith("bytes 0-1/") || !disposition.startsWith("inline")) {
      throw new Error(`the preview answered ${res.status}, Content-Range ${range}, Content-Disposition ${disposition}`)
    }
    return `${id}: 206, ${range}, ${disposition}`
  })

  await checks.step("a product that is not digital yet: “Add files” leads to its variant's files", async () => {
    const { regions } = await admin.get("/admin/regions?fields=currency_code")
    const { product } = await admin.post("/admin/products", {
      title: `Gift card ${Date.now()}`,
      status: "draft",
      options: [{ title: "Size", values: ["A2"] }],
      variants: [{ title: "A2", manage_inventory: false, options: { Size: "A2" }, prices: [{ currency_code: regions[0].currency_code, amount: 20 }] }],
    })
    await page.goto(`${base}/app/products/${product.id}`)
    const widget = page.getByTestId("dd-product-widget")
    await widget.getByText("Not digital yet").waitFor()
    if ((await widget.getAttribute("data-state")) !== "not-digital") throw new Error("the card does not say the product is not digital")
    await page.getByTestId("dd-product-add-files").click()
    await page.waitForURL(new RegExp(`/products/${product.id}/variants/${product.variants[0].id}#digital-files$`))
    const card = page.getByTestId("dd-variant-widget")
    await card.waitFor()
    await settle()
    const box = await card.boundingBox()
    if (!box || box.y < 0 || box.y > 900 - 80) throw new Error(`the variant's files card is at y = ${box?.y} px, not in view`)
    const focused = await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))
    // The hint on the product list (no widget zone exists inside the create form), dismissed for good.
    await page.goto(`${base}/app/products`)
    await page.getByTestId("dd-product-list-hint").waitFor()
    await page.getByTestId("dd-product-list-hint-dismiss").click()
    await page.reload()
    await page.locator("table").first().waitFor()
    if (await page.getByTestId("dd-product-list-hint").count()) throw new Error("the dismissed hint came back")
    await admin.delete(`/admin/products/${product.id}`)
    return `variant card at y = ${Math.round(box.y)} px, focus on ${focused}`
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
    // One order of files everywhere (issue 15): by line item, then by name in natural order.
    await widget.getByTestId("dd-grant-row").filter({ hasText: "02 - Noon" }).waitFor()
    const rows = await widget.getByTestId("dd-grant-row").allInnerTexts()
    const at = (name) => rows.findIndex((text) => text.includes(name))
    if (!(at("01 - Dawn") >= 0 && at("01 - Dawn") < at("02 - Noon"))) throw new Error(`the grant table lists ${rows.map((r) => r.split("\n")[0]).join(", ")}`)
    await grantAction("dd-copy-link")
    await toast("copied")
    link = await page.evaluate(() => navigator.clipboard.readText())
    const res = await fetch(link)
    const body = Buffer.from(await res.arrayBuffer())
    if (res.status !== 200 || body.subarray(0, 5).toString() !== "%PDF-") throw new Error(`the copied link answered ${res.status}`)
    // On a phone (390 px) the "…" of a grant is on screen, inside its card, and opens the menu.
    await page.setViewportSize({ width: 390, height: 844 })
    await page.keyboard.press("Escape")
    const trigger = grantRow().getByTestId("dd-grant-actions")
    await trigger.scrollIntoViewIfNeeded()
    await settle()
    await screenshot(page, "admin-order-phone")
    const [t, card] = [await trigger.boundingBox(), await widget.boundingBox()]
    if (!t || t.x < 0 || t.x + t.width > 390 || t.x + t.width > card.x + card.width) {
      throw new Error(`at 390 px the grant's "…" is at x ${t?.x}–${t && t.x + t.width} (card ${card.x}–${card.x + card.width})`)
    }
    await trigger.click()
    await page.getByTestId("dd-history").waitFor()
    await page.keyboard.press("Escape")
    await page.setViewportSize({ width: 1440, height: 900 })
    return `${fits}; 390 px: "…" at x ${Math.round(t.x)}–${Math.round(t.x + t.width)}, menu opens; ${link.slice(0, 60)}…`
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
    // The merchant's own actions are in the same timeline, with who took them.
    const reset = page.locator('[data-testid="dd-history-row"][data-kind="activity"]', { hasText: "Usage reset" }).first()
    await reset.waitFor()
    const actor = (await reset.getByTestId("dd-history-actor").innerText()).trim()
    if (actor !== facts.admin_email) throw new Error(`the reset shows "${actor}" as who did it, not ${facts.admin_email}`)
    await page.locator('[data-testid="dd-history-row"][data-kind="activity"]', { hasText: "Access disabled" }).first().waitFor()
    await settle()
    await screenshot(page, "admin-grant-history")
    await page.keyboard.press("Escape")
    return `usage ${usage.trim()}; history: "Usage reset" by ${actor}`
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

  await checks.step("edits the email template: an unknown placeholder is shown under its field until fixed, and sees the preview change", async () => {
    await page.goto(`${base}/app/settings/digital-delivery`)
    const subject = page.getByTestId("dd-template-subject")
    await subject.waitFor()
    await subject.fill("Your files from {Foo}")
    const error = page.getByTestId("dd-template-subject-error")
    await error.filter({ hasText: "{Foo}" }).waitFor()
    const [input, under] = [await subject.boundingBox(), await error.boundingBox()]
    if (under.y < input.y + input.height - 1 || under.y > input.y + input.height + 40) {
      throw new Error(`the error is at y ${under.y}, the subject field ends at ${input.y + input.height}: not beside the field`)
    }
    if ((await page.getByTestId("dd-template-tab-en").getAttribute("data-error")) === null) throw new Error("the English tab is not marked")
    await page.getByTestId("dd-save-settings").click()
    await toast("Check the delivery email")
    if ((await admin.get("/admin/digital-delivery/settings")).settings.templates?.en?.subject?.includes("{Foo}")) throw new Error("saved with {Foo}")
    const message = await error.innerText()
    await subject.fill("Your files from {StoreName} are here")
    await error.waitFor({ state: "detached" })
    await page.getByTestId("dd-preview-subject").filter({ hasText: "Your files from Digital Demo Store are here" }).waitFor()
    // The sticky footer's Save is not covered by the page's toasts (they go top right).
    const footerSave = await page.getByTestId("dd-save-settings-bottom").boundingBox()
    for (const t of await page.locator("[data-sonner-toast]").all()) {
      if (overlap(await t.boundingBox().catch(() => null), footerSave)) throw new Error("a toast covers the footer's Save")
    }
    // For the screenshot: the toast goes after its time, unless the mouse (left on the top Save) hovers it.
    await page.mouse.move(700, 600)
    await page.locator("[data-sonner-toast]", { hasText: "Check the delivery email" }).waitFor({ state: "detached", timeout: 20_000 })
    await page.getByTestId("dd-template-subject").scrollIntoViewIfNeeded()
    await page.mouse.wheel(0, 250)
    await settle()
    await screenshot(page, "admin-settings")
    // Leaving with unsaved edits asks first; "Stay" keeps them.
    const elsewhere = page.locator('a[href$="/settings/store"]').first()
    await elsewhere.click()
    const prompt = page.getByRole("alertdialog").filter({ hasText: "Leave without saving?" })
    await prompt.waitFor()
    await prompt.getByRole("button", { name: "Stay" }).click()
    await prompt.waitFor({ state: "detached" })
    if (!/\/settings\/digital-delivery/.test(page.url()) || (await subject.inputValue()) !== "Your files from {StoreName} are here") {
      throw new Error(`"Stay" lost the edits (${page.url()})`)
    }
    // Save at the bottom of the page (sticky footer), then leaving asks nothing.
    await page.getByTestId("dd-save-settings-bottom").click()
    await toast("saved")
    const { settings } = await admin.get("/admin/digital-delivery/settings")
    if (settings.templates?.en?.subject !== "Your files from {StoreName} are here") throw new Error("the template was not saved")
    await elsewhere.click()
    await page.waitForURL(/\/settings\/store/)
    return `error under the field: "${message}"`
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
    const { customers } = await admin.get(`/admin/customers?q=${encodeURIComponent(facts.customer_email)}`)
    await page.goto(`${base}/app/customers/${customers[0].id}`)
    const widget = page.getByTestId("dd-customer-widget")
    await widget.waitFor()
    await page.getByTestId("dd-library-row").first().waitFor()
    return await tableFitsCard(widget, [[1280, null], [1440, "admin-customer"]])
  })
  await page.close()
}
