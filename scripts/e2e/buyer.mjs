// What the buyer sees: the delivery email, the order page (the store named, files by product, counted
// words per language), the ZIP and its name, a refusal page and its link back, the hosted login and library.
export async function buyerScenario({ facts, context, checks, screenshot, admin }) {
  const page = await context.newPage()

  await checks.step("the outbox shows the delivery emails as the buyer gets them", async () => {
    await page.goto(facts.outbox_url)
    await screenshot(page, "outbox")
    // The guest's email (the demo also emails the stamped e-book's buyer, later).
    await page.locator("tr", { hasText: "guest@example.com" }).getByRole("link", { name: /Your downloads for order/ }).first().click()
    const frame = page.frameLocator("iframe")
    await frame.getByText("the-medusa-handbook.pdf").waitFor()
    await screenshot(page, "delivery-email")
  })

  // `admin` (scripts/e2e/admin-api.mjs): the Admin API, to set up what the pages must show (a file with 1 download left) and to put it back after.
  await checks.step("the outbox download: 'Download' in the guest's email downloads the file, charged once", async () => {
    const usage = async () => {
      const delivery = await admin.get(`/admin/orders/${facts.guest_order_id}/digital-delivery`)
      return Number(delivery.download_grants.find((g) => g.asset.filename === "the-medusa-handbook.pdf").downloads_used)
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

  const { order } = await admin.get(`/admin/orders/${facts.guest_order_id}?fields=id,display_id`)
  const delivery = await admin.get(`/admin/orders/${facts.guest_order_id}/digital-delivery`)
  const dawn = delivery.download_grants.find((g) => g.asset.filename === "01 - Dawn.wav")
  const STORE = "Digital Demo Store"
  /** A page in one language: a browser whose locale sends that Accept-Language (an extra header does not replace the context's). */
  const LOCALE = { en: "en-US", fr: "fr-FR", pl: "pl-PL" }
  const inLanguage = async (lang, url, fn) => {
    const localized = await context.browser().newContext({ locale: LOCALE[lang], viewport: { width: 1440, height: 900 } })
    const tab = await localized.newPage()
    const res = await tab.goto(url)
    try {
      return await fn(tab, res)
    } finally {
      await localized.close()
    }
  }
  const expectText = async (tab, text) => {
    const body = await tab.locator("body").innerText()
    if (!body.includes(text)) throw new Error(`"${text}" is not on ${tab.url().slice(0, 60)}…: ${body.slice(0, 400)}`)
  }

  await checks.step("the guest order page names the store, groups the files by product and counts the words in en, fr and pl", async () => {
    // One download left on one track, the rest as sold (5 each); the store's accent colour and support contact set.
    await admin.post(`/admin/download-grants/${dawn.id}`, { max_downloads: 1 })
    await admin.post("/admin/digital-delivery/settings", { accent_color: "#1d4ed8", support_contact: "help@demo.example.com" })
    const words = {
      en: { heading: "Your files", left: "1 download left", zip: "The ZIP holds 4 files and uses one download of each." },
      fr: { heading: "Vos fichiers", left: "1 téléchargement restant", zip: "Le ZIP contient 4 fichiers et utilise un téléchargement de chacun." },
      pl: { heading: "Twoje pliki", left: "pozostało 1 pobranie", zip: "ZIP zawiera 4 pliki i wykorzystuje jedno pobranie każdego z nich." },
    }
    for (const [lang, w] of Object.entries(words)) {
      await inLanguage(lang, facts.guest_order_page_url, async (tab) => {
        await tab.getByRole("heading", { name: w.heading }).waitFor()
        const store = (await tab.locator("header.store .store-name").innerText()).trim()
        if (store !== STORE) throw new Error(`${lang}: the header names "${store}"`)
        // Grants issued together share their creation time: the products' order is not fixed.
        const products = (await tab.locator("h2.product").allInnerTexts()).sort()
        if (products.join(" | ") !== "Night Tones (audio album) | The Medusa Handbook (e-book)") throw new Error(`${lang}: products ${products.join(" | ")}`)
        await expectText(tab, w.left)
        await expectText(tab, w.zip)
        if (lang === "en") await screenshot(tab, "guest-order-page")
      })
    }
    return `${STORE}; ${Object.values(words).map((w) => w.left).join(", ")}`
  })

  await checks.step("'Download all' saves <store>-order-<number>.zip and uses one download of each file", async () => {
    await page.goto(facts.guest_order_page_url)
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Download all/ }).click()])
    const name = download.suggestedFilename()
    const expected = `digital-demo-store-order-${order.display_id}.zip`
    if (name !== expected) throw new Error(`the ZIP is named ${name}, not ${expected}`)
    const file = await download.path()
    const { size } = await import("node:fs").then((fs) => fs.statSync(file))
    if (size < 200 * 1024 * 1024) throw new Error(`the ZIP is only ${size} bytes`)
    return `${name}, ${(size / 1024 / 1024).toFixed(0)} MiB`
  })

  await checks.step("a spent link's page says why in en, fr and pl, names the store and links back to the order page", async () => {
    const words = {
      en: { title: "Download limit reached", action: `${STORE} can reset your downloads if you need the file again.`, back: "Back to your order", state: "download limit reached" },
      fr: { title: "Limite de téléchargements atteinte", action: `${STORE} peut réinitialiser vos téléchargements si vous avez de nouveau besoin du fichier.`, back: "Retour à votre commande", state: "limite de téléchargements atteinte" },
      pl: { title: "Limit pobrań wyczerpany", action: `Sklep ${STORE} może wyzerować Twoje pobrania, jeśli potrzebujesz pliku ponownie.`, back: "Wróć do zamówienia", state: "limit pobrań wyczerpany" },
    }
    // The ZIP's usage is settled just after its last byte.
    for (let i = 0; i < 50 && (await fetch(dawn.download_url, { method: "HEAD" })).status !== 410; i++) await new Promise((r) => setTimeout(r, 200))
    for (const [lang, w] of Object.entries(words)) {
      await inLanguage(lang, dawn.download_url, async (tab, res) => {
        if (res.status() !== 410) throw new Error(`${lang}: the spent link answered ${res.status()}`)
        await tab.getByRole("heading", { name: w.title }).waitFor()
        const store = (await tab.locator("header.store .store-name").innerText()).trim()
        if (store !== STORE) throw new Error(`${lang}: the refusal names "${store}"`)
        await expectText(tab, w.action)
        const contact = await tab.locator("a[data-support]").getAttribute("href")
        if (contact !== "mailto:help@demo.example.com") throw new Error(`${lang}: the support link is ${contact}`)
        if (lang === "en") await screenshot(tab, "refusal-page")
        // The link back opens the order page, where the file shows as spent.
        await tab.getByRole("link", { name: w.back }).click()
        await tab.waitForURL((u) => u.href === facts.guest_order_page_url)
        await expectText(tab, w.state)
      })
    }
    // Back as sold, for the merchant's steps (admin.mjs).
    await admin.post(`/admin/download-grants/${dawn.id}`, { max_downloads: 5 })
    await admin.post(`/admin/download-grants/${dawn.id}`, { downloads_used: 0 })
    return "410 in en, fr, pl; back to the order page"
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
