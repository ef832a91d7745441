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
