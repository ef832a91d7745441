#!/usr/bin/env node
// Browser tests: Debian's Chromium driven by playwright-core against the demo
// store (admin enabled, embedded PostgreSQL). Saves a screenshot of each screen
// to docs/screenshots/ (the README shows them).
import fs from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { chromium } from "playwright-core"
import { freePort } from "./embedded-postgres.mjs"
import { checklist, startDemo } from "./lib/demo-process.mjs"
import { adminScenario } from "./e2e/admin.mjs"
import { buyerScenario } from "./e2e/buyer.mjs"
import { adminApi } from "./e2e/admin-api.mjs"
import { storefrontScenario } from "./e2e/storefront.mjs"
import { updatesScenario } from "./e2e/updates.mjs"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium"
const shots = path.join(root, "docs", "screenshots")
if (!fs.existsSync(executablePath)) {
  console.error(`Chromium is missing at ${executablePath}: run \`apt-get install -y chromium\` (CI does it), or set CHROMIUM_PATH.`)
  console.log("\n0 passed, 1 failed")
  process.exit(1)
}
fs.mkdirSync(shots, { recursive: true })

const checks = checklist()
const demoDir = path.join(root, ".tmp", "e2e-demo")
// With the example Next.js storefront (`npm run demo -- --storefront`): installed on first use, built when its sources changed.
// A failed update email is retried once, 2 s later, then listed as failed (scripts/e2e/updates.mjs).
const demo = await startDemo({
  dir: demoDir,
  port: await freePort(0),
  args: ["--storefront", "--storefront-port", String(await freePort(0))],
  env: { DEMO_UPDATE_RETRY_DELAYS: "2" },
})
checks.check(
  "the demo store starts, with the example storefront",
  !!demo.facts?.storefront_url,
  demo.facts ? `${demo.seconds.toFixed(0)} s; storefront ${demo.facts.storefront_prepared}` : demo.output().slice(-3000)
)

let browser
try {
  if (demo.facts) {
    browser = await chromium.launch({
      executablePath,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    })
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true, locale: "en-US" })
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: demo.facts.backend_url })
    const screenshot = (page, name) => page.screenshot({ path: path.join(shots, `${name}.png`) })
    // The Admin API for the scenarios' set-up and checks: one login for both.
    const admin = await adminApi(demo.facts)
    const env = { facts: demo.facts, context, checks, screenshot, admin }
    await buyerScenario(env)
    await adminScenario(env)
    await updatesScenario(env)
    const started = Date.now()
    await storefrontScenario(env)
    console.log(`  (storefront stories: ${((Date.now() - started) / 1000).toFixed(0)} s)`)
  }
} catch (err) {
  checks.check("the browser scenario ran to its end", false, err?.stack ?? String(err))
} finally {
  await browser?.close().catch(() => {})
  const code = await demo.stop()
  checks.check("the demo stops cleanly", code === 0, `exit ${code}`)
  if (checks.failed) console.log(demo.output().slice(-3000))
  fs.rmSync(demoDir, { recursive: true, force: true })
}
process.exit(checks.summary() ? 0 : 1)
