// Update emails to past buyers (issue 17), in a real browser: the merchant sets the throttle and the update
// email in Settings, publishes releases of a file of its own (bought through real checkouts) with "Email
// buyers", watches, pauses, resumes, cancels and retries the campaigns on the Digital deliveries page; the
// buyer reads the update email in the demo's outbox and unsubscribes. Runs after admin.mjs (logged in).
// The demo's outbox refuses addresses under `.invalid` and test-e2e.mjs shortens the retries
// (DEMO_UPDATE_RETRY_DELAYS=2): one failed email is listed within a minute.
import { client } from "../lib/api-client.mjs"
import { capture, checkout, createProduct, uploadAsset, attachAsset } from "../lib/store-fixture.js"
import { pageHelpers } from "./page-helpers.mjs"

export async function updatesScenario({ facts, context, checks, screenshot, admin }) {
  const page = await context.newPage()
  page.setDefaultTimeout(60_000)
  const base = facts.backend_url
  const { toast, settle, rowAction } = pageHelpers(page)
  /** Polls `fn` until it returns a truthy value (the campaign job runs every 15 s). */
  const until = async (what, fn, timeoutMs = 90_000) => {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const value = await fn()
      if (value) return value
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
      await new Promise((r) => setTimeout(r, 1000))
    }
  }
  const campaignOf = async (assetId, version) =>
    (await admin.get(`/admin/digital-delivery/update-campaigns?asset_id=${assetId}`)).update_campaigns.find((c) => c.version === version)
  const audienceOf = async (assetId) => (await admin.get(`/admin/digital-assets/${assetId}/update-audience`)).recipients

  // A file of its own with buyers, through the Store API's checkout and the merchant's capture, as the
  // demo's own orders were made (the Handbook's files stay as the buyer's and the storefront's steps expect).
  const store = client(base)
  const asAdmin = { get: (url) => admin.get(url), post: (url, body) => admin.post(url, body) }
  const { regions } = await admin.get("/admin/regions?fields=id,currency_code")
  const { sales_channels } = await admin.get("/admin/sales-channels?fields=id,name")
  const shop = {
    region: regions[0],
    channel: sales_channels.find((c) => c.name === "Demo storefront") ?? sales_channels[0],
    S: { "x-publishable-api-key": facts.publishable_key },
  }
  const product = await createProduct(asAdmin, undefined, shop, { title: "Field Guide (e-book)", value: "PDF", sku: `FIELD-GUIDE-${Date.now()}`, price: 7 })
  const variantId = product.variants[0].id
  const asset = await uploadAsset(asAdmin, undefined, new Blob([Buffer.alloc(150_000, 4)]), "field-guide.pdf", { title: "Field Guide" })
  await attachAsset(asAdmin, undefined, asset.id, [variantId])
  const buy = async (email) => {
    const order = await checkout(store, shop, { email, items: [variantId] })
    await capture(asAdmin, undefined, order.id)
    await until(`the grants of ${email}'s order`, async () => (await admin.get(`/admin/orders/${order.id}/digital-delivery`)).download_grants.length > 0, 30_000)
    return order
  }
  const READER = "reader@example.com"
  const OTHER = "other.reader@example.com"
  const BOUNCES = "nobody@bounce.invalid"
  await buy(READER)
  await buy(READER) // a second order: still one email per release
  await buy(OTHER)

  /** Publishes a release in the variant widget's Releases drawer with "Email buyers"; returns the count shown. */
  const publish = async (label, notes, expected) => {
    await page.goto(`${base}/app/products/${product.id}/variants/${variantId}`)
    const row = page.getByTestId("dd-asset-row").filter({ hasText: "field-guide.pdf" })
    await row.waitFor()
    await rowAction(row, "dd-asset-actions", "dd-asset-releases")
    await page.getByTestId("dd-releases-drawer").waitFor()
    await page.getByTestId("dd-release-file").setInputFiles({ name: `field-guide-${label}.pdf`, mimeType: "application/pdf", buffer: Buffer.alloc(160_000, label.charCodeAt(0)) })
    await page.getByTestId("dd-release-label").fill(label)
    await page.getByTestId("dd-release-notes").fill(notes)
    await page.getByTestId("dd-release-notify").click()
    const audience = page.locator('[data-testid="dd-release-audience"]:not([data-recipients=""])')
    await audience.waitFor()
    const shown = await audience.innerText()
    const recipients = Number(await audience.getAttribute("data-recipients"))
    if (recipients !== expected || !shown.startsWith(`Email ${expected} buyers`)) throw new Error(`before publishing the dialog says "${shown}" (${recipients}), not ${expected} buyers`)
    await page.getByTestId("dd-release-publish").click()
    await toast(`Release ${label} published`)
    return shown.split(":")[0]
  }
  const panelRow = (id) => page.getByTestId(`dd-campaign-${id}`)
  /** Waits until the panel's row shows these counts (queued + sending · sent · failed · unsubscribed) and status (the panel refreshes itself every 5 s while a campaign is sending). */
  const panelShows = async (id, counts, status) => {
    const row = page.locator(`[data-testid="dd-campaign-${id}"][data-status="${status}"]`)
    await row.getByTestId("dd-campaign-counts").filter({ hasText: new RegExp(`^\\s*${counts}\\s*$`) }).waitFor({ timeout: 90_000 })
  }
  const inStatus = (id, status) => page.locator(`[data-testid="dd-campaign-${id}"][data-status="${status}"]`).waitFor()
  const statusOf = async (id) => (await admin.get(`/admin/digital-delivery/update-campaigns/${id}`)).update_campaign.status

  await checks.step("sets the update emails' throttle and subject in Settings, with the email's preview", async () => {
    await page.goto(`${base}/app/settings/digital-delivery`)
    const section = page.getByTestId("dd-update-emails")
    await section.waitFor()
    // One email a minute: the first campaign stays "sending" long enough to pause it.
    await page.getByTestId("dd-setting-update-per-minute").fill("1")
    await page.getByTestId("dd-update-template-subject").fill("What is new in {ProductName}: {Version}")
    const preview = page.getByTestId("dd-update-preview-subject").filter({ hasText: "What is new in The Book: Second edition" })
    await preview.waitFor()
    await page.getByTestId("dd-update-emails-save").click()
    await toast("Update emails saved")
    const { settings } = await admin.get("/admin/digital-delivery/settings")
    if (settings.update_emails_per_minute !== 1 || settings.templates?.update?.en?.subject !== "What is new in {ProductName}: {Version}") {
      throw new Error(`saved ${settings.update_emails_per_minute} per minute, subject ${JSON.stringify(settings.templates?.update?.en)}`)
    }
    await page.mouse.move(700, 600)
    await page.locator("[data-sonner-toast]").first().waitFor({ state: "detached", timeout: 20_000 }).catch(() => undefined)
    // The section at the top of the screen: the throttle, the editor and the top of its preview.
    await section.evaluate((el) => el.scrollIntoView({ block: "start" }))
    await page.getByTestId("dd-update-preview").waitFor()
    await settle()
    await screenshot(page, "admin-update-email-settings")
    return `1 email per minute; preview: "${(await preview.innerText()).trim()}"`
  })

  let first
  await checks.step("publishes release 2.0 with “Email 2 buyers”; the panel shows it queued, then sent as the job runs", async () => {
    const shown = await publish("2.0", "Chapter 3 rewritten.", 2)
    first = await until("the campaign of 2.0", () => campaignOf(asset.id, 2), 20_000)
    if (first.counts.recipients !== 2) throw new Error(`the campaign has ${first.counts.recipients} recipients, not 2`)
    await page.goto(`${base}/app/digital-deliveries`)
    const row = panelRow(first.id)
    await row.waitFor()
    const seen = [(await row.getByTestId("dd-campaign-counts").innerText()).trim()]
    // One a minute: the job sends one email, the other waits.
    await panelShows(first.id, "1 · 1 · 0 · 0", "sending")
    seen.push("1 · 1 · 0 · 0")
    if (!/Field Guide · version 2/.test(await row.innerText())) throw new Error(`the row reads ${await row.innerText()}`)
    return `${shown}; counts seen ${seen.join(" → ")}`
  })

  await checks.step("pauses, resumes and cancels the campaign from the panel: the API agrees each time", async () => {
    const row = panelRow(first.id)
    await row.getByTestId("dd-campaign-pause").click()
    await toast("Update emails paused")
    await inStatus(first.id, "paused")
    const paused = await statusOf(first.id)
    await row.getByTestId("dd-campaign-resume").click()
    await toast("Update emails resumed")
    await inStatus(first.id, "sending")
    const resumed = await statusOf(first.id)
    await row.getByTestId("dd-campaign-cancel").click()
    await page.getByRole("alertdialog").getByRole("button", { name: "Cancel emails" }).click()
    await toast("Update emails cancelled")
    await inStatus(first.id, "cancelled")
    const cancelled = await statusOf(first.id)
    if ([paused, resumed, cancelled].join() !== "paused,sending,cancelled") throw new Error(`the API read ${paused}, ${resumed}, ${cancelled}`)
    const { counts } = (await admin.get(`/admin/digital-delivery/update-campaigns/${first.id}`)).update_campaign
    if (counts.sent !== 1) throw new Error(`after cancelling, ${counts.sent} emails are sent`)
    return `API: ${paused} → ${resumed} → ${cancelled}; ${counts.sent} sent, ${counts.queued} never sent`
  })

  let second
  await checks.step("release 3.0 reaches 3 buyers, one address refused: listed as failed with the reason, “Retry failed” queues it again", async () => {
    await buy(BOUNCES)
    await admin.post("/admin/digital-delivery/settings", { update_emails_per_minute: 120 })
    const shown = await publish("3.0", "Two new maps.\n\nEvery change: https://example.com/field-guide/changes", 3)
    second = await until("the campaign of 3.0", () => campaignOf(asset.id, 3), 20_000)
    await page.goto(`${base}/app/digital-deliveries`)
    await panelRow(second.id).waitFor()
    // Two sent; the refused one tried twice (once, then after the 2 s retry delay), then failed; the campaign completed.
    await panelShows(second.id, "0 · 2 · 1 · 0", "completed")
    const row = panelRow(second.id)
    await row.getByRole("button", { name: "Show 1 failed" }).click()
    const failed = page.getByTestId("dd-campaign-failed")
    await failed.filter({ hasText: `${BOUNCES} — 2 attempts` }).filter({ hasText: "cannot receive email" }).waitFor()
    const reason = (await failed.innerText()).trim()
    await page.getByTestId("dd-campaigns").evaluate((el) => el.scrollIntoView({ block: "start" }))
    await settle()
    await screenshot(page, "admin-update-campaign")
    await row.getByTestId("dd-campaign-retry").click()
    await toast("Failed emails queued again")
    const { recipients } = await admin.get(`/admin/digital-delivery/update-campaigns/${second.id}/recipients?status=queued`)
    const status = await statusOf(second.id)
    // The job may already have claimed it again (then it is "sending"): read the row whatever its status.
    const again = recipients.find((r) => r.email === BOUNCES) ??
      (await admin.get(`/admin/digital-delivery/update-campaigns/${second.id}/recipients?status=sending`)).recipients.find((r) => r.email === BOUNCES)
    if (!again || status !== "sending" || again.attempts > 1) throw new Error(`after "Retry failed": campaign ${status}, the address ${JSON.stringify(again)}`)
    return `${shown}; failed: "${reason.replace(/\s+/g, " ").slice(0, 140)}"; retried: ${again.status}, attempts ${again.attempts}`
  })

  await checks.step("the buyer's update email (outbox) names the version and the notes; its unsubscribe link asks first, the button unsubscribes", async () => {
    await page.goto(facts.outbox_url)
    const subject = "What is new in Field Guide (e-book): 3.0"
    await page.locator("tr", { hasText: OTHER }).getByRole("link", { name: subject }).first().click()
    const frame = page.frameLocator("iframe")
    await frame.getByText("Two new maps.").waitFor()
    const text = await frame.locator("body").innerText()
    if (!/Field Guide \(e-book\) is out: 3\.0/.test(text) || !text.includes("field-guide.pdf")) throw new Error(`the email reads: ${text.slice(0, 500)}`)
    const notesLink = await frame.getByRole("link", { name: "https://example.com/field-guide/changes" }).getAttribute("href")
    if (notesLink !== "https://example.com/field-guide/changes") throw new Error(`the notes' address links to ${notesLink}`)
    // The link leaves the sandboxed frame for a new tab: a confirm page that changes nothing.
    const before = await audienceOf(asset.id)
    const [tab] = await Promise.all([context.waitForEvent("page"), frame.getByRole("link", { name: "Unsubscribe" }).click()])
    await tab.getByRole("heading", { name: "Update emails" }).waitFor()
    const question = await tab.locator("main, body").first().innerText()
    if (!question.includes(OTHER)) throw new Error(`the confirm page does not name ${OTHER}: ${question.slice(0, 300)}`)
    if ((await audienceOf(asset.id)) !== before) throw new Error("opening the link unsubscribed")
    await screenshot(tab, "buyer-unsubscribe")
    // A form posted from another site is refused (CSRF) and changes nothing.
    const forged = await fetch(tab.url(), {
      method: "POST",
      headers: { origin: "https://attacker.example", "content-type": "application/x-www-form-urlencoded" },
      body: "confirm=1",
    })
    await forged.arrayBuffer()
    if (forged.status !== 403 || (await audienceOf(asset.id)) !== before) throw new Error(`a cross-site POST answered ${forged.status}`)
    await tab.getByRole("button", { name: "Unsubscribe" }).click()
    await tab.getByRole("heading", { name: "You are unsubscribed" }).waitFor()
    const after = await audienceOf(asset.id)
    if (after !== before - 1) throw new Error(`the next campaign would reach ${after} buyers, not ${before - 1}`)
    await tab.close()
    return `GET: confirm page (${before} buyers still reached); cross-site POST 403; button: unsubscribed, ${before} → ${after} buyers`
  })

  await admin.post("/admin/digital-delivery/settings", { update_emails_per_minute: 120 })
  await page.close()
}
