// The built Admin in Chromium (playwright-core): the plugin's order widget
// renders. One browser for the whole run, a fresh context per store.
import path from "node:path"
import { StepError } from "./process.mjs"

export const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium"

let browser = null
export const closeBrowser = () => browser?.close()

/** Logs into the store's Admin and waits for the order's widget to list `fileName`. */
export async function orderWidgetShows(store, { orderId, fileName }) {
  const { backendUrl, admin } = store
  const { chromium } = await import("playwright-core")
  browser ??= await chromium.launch({
    executablePath: chromiumPath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  })
  // In production Medusa's session cookie is `Secure`: a store runs behind a proxy
  // that ends TLS and says so with X-Forwarded-Proto (Medusa trusts it). Chromium
  // keeps Secure cookies on http://localhost, so the header alone stands in for the proxy.
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: "en-US",
    extraHTTPHeaders: { "x-forwarded-proto": "https" },
  })
  const page = await context.newPage()
  page.setDefaultTimeout(60_000)
  const pageErrors = []
  const consoleErrors = []
  page.on("pageerror", (err) => pageErrors.push(err.message))
  page.on("console", (msg) => msg.type() === "error" && consoleErrors.push(msg.text()))
  const problems = () => [...pageErrors.map((e) => `page error: ${e}`), ...consoleErrors.map((e) => `console: ${e}`)].join("\n")
  try {
    await page.goto(`${backendUrl}/app/login`)
    await page.locator('input[name="email"]').fill(admin.email)
    await page.locator('input[name="password"]').fill(admin.password)
    await page.locator('button[type="submit"]').click()
    await page.waitForURL((url) => !url.pathname.endsWith("/login"), { timeout: 60_000 })
    await page.goto(`${backendUrl}/app/orders/${orderId}`)
    await page.getByTestId("dd-order-widget").waitFor()
    await page.getByTestId("dd-grant-row").filter({ hasText: fileName }).waitFor()
  } catch (err) {
    const shot = path.join(store.logs, "admin-order.png")
    await page.screenshot({ path: shot }).catch(() => {})
    throw new StepError(`The order page did not show the plugin's widget with ${fileName} (${err.message.split("\n")[0]}); screenshot: ${shot}`, problems())
  } finally {
    await context.close().catch(() => {})
  }
  if (pageErrors.length) throw new StepError(`The Admin threw errors while showing the order.`, problems())
}
