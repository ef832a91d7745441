// What the merchant does in Medusa Admin.
export async function adminScenario({ facts, context, checks, screenshot }) {
  const page = await context.newPage()
  page.setDefaultTimeout(60_000)

  await checks.step("the merchant logs in to Medusa Admin", async () => {
    await page.goto(facts.admin_url)
    await page.locator('input[name="email"]').fill(facts.admin_email)
    await page.locator('input[name="password"]').fill(facts.admin_password)
    await page.locator('button[type="submit"]').click()
    await page.waitForURL(/\/app\/orders/, { timeout: 120_000 })
    await page.getByText(`#`).first().waitFor()
    await screenshot(page, "admin-orders")
  })
  await page.close()
}
