// What the buyer sees: the delivery email, the order page, the ZIP, the hosted login and library.
export async function buyerScenario({ facts, context, checks, screenshot }) {
  const page = await context.newPage()

  await checks.step("the outbox shows the delivery emails as the buyer gets them", async () => {
    await page.goto(facts.outbox_url)
    await screenshot(page, "outbox")
    await page.getByRole("link", { name: /Your downloads for order/ }).first().click()
    const frame = page.frameLocator("iframe")
    await frame.getByText("the-medusa-handbook.pdf").waitFor()
    await screenshot(page, "delivery-email")
  })

  await checks.step("the outbox download: 'Download' in the guest's email downloads the file, charged once", async () => {
    const { token } = await (
      await fetch(`${facts.backend_url}/auth/user/emailpass`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: facts.admin_email, password: facts.admin_password }),
      })
    ).json()
    const usage = async () => {
      const res = await fetch(`${facts.backend_url}/admin/orders/${facts.guest_order_id}/digital-delivery`, { headers: { authorization: `Bearer ${token}` } })
      const grant = (await res.json()).download_grants.find((g) => g.asset.filename === "the-medusa-handbook.pdf")
      return Number(grant.downloads_used)
    }
    const before = await usage()
    await page.goto(facts.outbox_url)
    await page.locator("tr", { hasText: "guest@example.com" }).getByRole("link", { name: /Your downloads for order/ }).first().click()
    const frame = page.frameLocator("iframe")
    // The file's row of the email (the innermost table row that names it).
    const row = frame.locator("tr", { hasText: "the-medusa-handbook.pdf" }).last()
    // The link opens a new tab (it leaves the sandboxed frame), where the download starts.
    const [download] = await Promise.all([context.waitForEvent("download", { timeout: 30_000 }), row.getByRole("link", { name: "Download" }).click()])
    const file = await download.path()
    const fs = await import("node:fs")
    const sha256 = (await import("node:crypto")).createHash("sha256").update(fs.readFileSync(file)).digest("hex")
    if (sha256 !== facts.guest_download_sha256) throw new Error(`downloaded ${download.suggestedFilename()} with sha256 ${sha256}, not the seeded file's`)
    // Metering charges what was sent: this click one copy, not more (settled in batches: wait a little).
    let after = before
    for (let i = 0; i < 50 && after === before; i++) {
      await new Promise((r) => setTimeout(r, 200))
      after = await usage()
    }
    if (Math.abs(after - before - 1) > 0.001) throw new Error(`the download was charged ${after - before} copies (usage ${before} → ${after})`)
    for (const p of context.pages()) if (p !== page) await p.close()
    return `${download.suggestedFilename()}, ${fs.statSync(file).size} bytes, sha256 matches; usage ${before} → ${after}`
  })

  await checks.step("the guest order page lists the files and downloads a ZIP of them", async () => {
    await page.goto(facts.guest_order_page_url)
    await page.getByRole("heading", { name: "Your files" }).waitFor()
    await screenshot(page, "guest-order-page")
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Download all/ }).click()])
    const file = await download.path()
    const { size } = await import("node:fs").then((fs) => fs.statSync(file))
    if (size < 200 * 1024 * 1024) throw new Error(`the ZIP is only ${size} bytes`)
    return `${(size / 1024 / 1024).toFixed(0)} MiB ZIP`
  })

  await checks.step("a registered customer logs in to the hosted library and downloads", async () => {
    await page.goto(facts.customer_login_url)
    await screenshot(page, "customer-login")
    await page.getByLabel(/Email/).fill(facts.customer_email)
    await page.getByLabel(/Password/).fill(facts.customer_password)
    await page.getByRole("button", { name: /Log in/ }).click()
    await page.getByRole("heading", { name: "Your files" }).waitFor()
    await screenshot(page, "customer-library")
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("li", { hasText: "the-medusa-handbook.pdf" }).getByRole("link", { name: "Download" }).click()])
    const name = download.suggestedFilename()
    if (!name.endsWith(".pdf")) throw new Error(`downloaded ${name}`)
    return name
  })
  await page.close()
}
