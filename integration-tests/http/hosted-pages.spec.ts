import crypto from "crypto"
import { eventually } from "../helpers/files"
import { httpSuite } from "../helpers/harness"
import { capture, checkout, createDigitalProduct, registerCustomer } from "../helpers/store"

/**
 * The buyer's hosted pages (issue 15): the store named in every header, files
 * grouped by product, refusals that say what to do and link back, the ZIP
 * named after the store and the order, and its HEAD.
 */
httpSuite({ store: true, fakeResend: true }, (app) => {
  const { api, admin, store } = app
  const get = async (url: string, init: RequestInit & { lang?: string; json?: boolean } = {}) => {
    const headers: Record<string, string> = { "accept-language": init.lang ?? "en", accept: init.json ? "application/json" : "text/html" }
    const res = await fetch(url, { redirect: "manual", ...init, headers })
    return { status: res.status, headers: res.headers, text: await res.text() }
  }
  const deliveryOf = async (orderId: string) => (await api.get(`/admin/orders/${orderId}/digital-delivery`, admin)).data
  const settings = (body: Record<string, unknown>) => api.post("/admin/digital-delivery/settings", body, admin)
  const grantOf = async (id: string) => (await api.get(`/admin/download-grants/${id}`, admin)).data.download_grant
  /** The href of the refusal page's "back" link, and whether it has one. */
  const backLink = (html: string) => /<a class="button" href="([^"]+)" data-back>/.exec(html)?.[1]?.replace(/&#38;/g, "&") ?? null
  const storeHeader = (html: string) => /<header class="store" data-store>(.*?)<\/header>/s.exec(html)?.[1] ?? null

  /** A product "Atlas of Sound" with two digital variants (PDF, EPUB), one file each. */
  async function twoVariantProduct() {
    const { data } = await api.post(
      "/admin/products",
      {
        title: "Atlas of Sound",
        status: "published",
        options: [{ title: "Format", values: ["PDF", "EPUB"] }],
        sales_channels: [{ id: store.salesChannelId }],
        variants: ["PDF", "EPUB"].map((f) => ({ title: f, manage_inventory: false, options: { Format: f }, prices: [{ currency_code: "usd", amount: 10 }] })),
      },
      admin
    )
    const variants = data.product.variants as { id: string; title: string }[]
    for (const v of variants) {
      const asset = await app.upload(crypto.randomBytes(30_000), `Atlas.${v.title.toLowerCase()}`)
      await api.post(`/admin/digital-assets/${asset.id}/variants`, { add: [v.id] }, admin)
    }
    return variants
  }

  /** A paid order of both Atlas variants and a one-variant "Poster Pack" of two files; resolves once delivered. */
  async function deliveredOrder(email: string, customerToken?: string) {
    const atlas = await twoVariantProduct()
    const poster = await createDigitalProduct(api, admin, app.baseURL, store, [
      { name: "Poster-A3.png", content: crypto.randomBytes(20_000) },
      { name: "Poster-A4.png", content: crypto.randomBytes(10_000) },
    ], { title: "Poster Pack" })
    const order = await checkout(api, store, {
      email,
      customerToken,
      items: [...atlas.map((v) => ({ variant_id: v.id })), { variant_id: poster.variantId }],
    })
    await capture(api, admin, order.id)
    const delivery = await eventually(async () => {
      const d = await deliveryOf(order.id)
      expect(d.download_grants).toHaveLength(4)
      return d
    }, 15_000)
    return { orderId: order.id as string, displayId: order.display_id as number, delivery }
  }

  describe("store identity settings", () => {
    it("refuses a logo that is not https, a colour not #rrggbb and a contact that is neither email nor https URL, naming the field", async () => {
      const refused = async (body: Record<string, unknown>) => (await api.post("/admin/digital-delivery/settings", body, { ...admin, validateStatus: () => true }))
      for (const [body, field] of [
        [{ logo_url: "http://cdn.example.com/logo.png" }, "logo_url"],
        [{ logo_url: "javascript:alert(1)" }, "logo_url"],
        [{ accent_color: "red" }, "accent_color"],
        [{ accent_color: "#12345" }, "accent_color"],
        [{ support_contact: "javascript:alert(1)" }, "support_contact"],
        [{ support_contact: "http://help.example.com" }, "support_contact"],
      ] as const) {
        const res = await refused(body)
        expect({ body, status: res.status }).toEqual({ body, status: 400 })
        expect(res.data.message).toContain(field)
      }
      const { data } = await settings({ store_name: "  ", logo_url: "", accent_color: "#0055AA", support_contact: "https://help.example.com/contact" })
      expect(data.settings).toEqual(
        expect.objectContaining({ store_name: null, logo_url: null, accent_color: "#0055aa", support_contact: "https://help.example.com/contact" })
      )
    })
  })

  describe("the delivery email", () => {
    it("names the store as the settings name it, escaped in the HTML", async () => {
      await settings({ store_name: "Books & Co", logo_url: null, accent_color: null, support_contact: null })
      const { orderId } = await deliveredOrder("email-name@example.com")
      await eventually(async () => expect(app.emailsTo("email-name@example.com")).toHaveLength(1), 15_000)
      await api.post(`/admin/orders/${orderId}/digital-delivery/resend`, {}, admin)
      await eventually(async () => expect(app.emailsTo("email-name@example.com")).toHaveLength(2), 15_000)
      for (const email of app.emailsTo("email-name@example.com")) {
        expect(email.body.text).toContain("Thank you,\nBooks & Co")
        expect(email.body.html).toContain("Books &#38; Co")
      }
    })
  })

  describe("the guest order page", () => {
    it("names the store (Store module by default, then the settings' name, logo and accent), groups files by product and counts the ZIP's downloads", async () => {
      await settings({ store_name: null, logo_url: null, accent_color: null, support_contact: null })
      const { orderId, displayId, delivery } = await deliveredOrder("pages@example.com")
      const pageUrl = app.link(delivery.order_page_url)
      const storeName = (await api.get("/admin/stores", admin)).data.stores[0].name as string

      // The Store module's name when the settings name none.
      const plain = await get(pageUrl)
      expect(plain.status).toBe(200)
      expect(storeHeader(plain.text)).toBe(`<span class="store-name">${storeName}</span>`)

      await settings({ store_name: "Książki & Co <b>", logo_url: "https://cdn.example.com/logo.png?a=1&b=2", accent_color: "#0055aa" })
      const page = await get(pageUrl)
      // Escaped: nothing typed in the settings becomes markup.
      expect(storeHeader(page.text)).toBe(
        `<img src="https://cdn.example.com/logo.png?a=1&#38;b=2" alt="Książki &#38; Co &#60;b&#62;"><span class="store-name">Książki &#38; Co &#60;b&#62;</span>`
      )
      expect(page.text).toContain("--accent:#0055aa;--on-accent:#ffffff")
      expect(page.text).toContain(`<title>Your files · Książki &#38; Co &#60;b&#62;</title>`)
      expect(page.headers.get("content-security-policy")).toContain("img-src https:")
      expect(page.text).toContain(`Order #${displayId}`)

      // Grouped by product, in the order of the order's lines; variant titles only where the product has several.
      const sections = [...page.text.matchAll(/<section data-product><h2 class="product">(.*?)<\/h2>(.*?)<\/section>/gs)].map((m) => ({
        product: m[1],
        files: [...m[2].matchAll(/<div class="name">(.*?)<\/div>(?:<div class="variant">(.*?)<\/div>)?/g)].map((f) => [f[1], f[2] ?? null]),
      }))
      const sort = (files: (string | null)[][]) => [...files].sort((a, b) => String(a[0]).localeCompare(String(b[0])))
      expect(sections.map((s) => s.product).sort()).toEqual(["Atlas of Sound", "Poster Pack"])
      expect(sort(sections.find((s) => s.product === "Atlas of Sound")!.files)).toEqual([
        ["Atlas.epub", "EPUB"],
        ["Atlas.pdf", "PDF"],
      ])
      expect(sort(sections.find((s) => s.product === "Poster Pack")!.files)).toEqual([
        ["Poster-A3.png", null],
        ["Poster-A4.png", null],
      ])

      // Before the click: what the ZIP costs, per language.
      const notes = { en: "The ZIP holds 4 files and uses one download of each.", fr: "Le ZIP contient 4 fichiers et utilise un téléchargement de chacun.", pl: "ZIP zawiera 4 pliki i wykorzystuje jedno pobranie każdego z nich." }
      for (const [lang, note] of Object.entries(notes)) {
        const localized = await get(pageUrl, { lang })
        expect(/<span class="muted" data-zip-note>(.*?)<\/span>/.exec(localized.text)?.[1]).toBe(note)
      }

      // The ZIP: HEAD answers its headers (length included) and charges nothing; GET sends what HEAD announced.
      const zipUrl = `${pageUrl}/zip`
      const head = await fetch(zipUrl, { method: "HEAD" })
      expect(head.status).toBe(200)
      expect(head.headers.get("content-type")).toBe("application/zip")
      const disposition = `attachment; filename="ksiazki-co-b-order-${displayId}.zip"; filename*=UTF-8''ksi%C4%85%C5%BCki-co-b-order-${displayId}.zip`
      expect(head.headers.get("content-disposition")).toBe(disposition)
      const length = Number(head.headers.get("content-length"))
      expect(length).toBeGreaterThan(70_000)
      expect((await head.arrayBuffer()).byteLength).toBe(0)
      await new Promise((r) => setTimeout(r, 500))
      for (const g of delivery.download_grants) expect((await grantOf(g.id)).downloads_used).toBe(0)

      const zip = await fetch(zipUrl)
      expect(zip.status).toBe(200)
      expect(zip.headers.get("content-disposition")).toBe(disposition)
      expect(zip.headers.get("content-length")).toBe(String(length))
      expect((await zip.arrayBuffer()).byteLength).toBe(length)
      await eventually(async () => {
        for (const g of delivery.download_grants) expect((await grantOf(g.id)).downloads_used).toBe(1)
      })
      expect(orderId).toMatch(/^order_/)
    })
  })

  describe("refusals", () => {
    it("a file the merchant disabled: says so without a word about payment, names the store, links to the order page and the support contact", async () => {
      await settings({ store_name: "Books & Co", logo_url: null, accent_color: null, support_contact: "help@books.example" })
      const { delivery } = await deliveredOrder("refused@example.com")
      const [grant] = delivery.download_grants
      await api.post(`/admin/download-grants/${grant.id}`, { enabled: false }, admin)
      const link = app.link(grant.download_url)

      const words = {
        en: { title: "Download turned off", text: "Books &#38; Co has turned off this download for now.", back: "Back to your order", payment: /payment|pending/i },
        fr: { title: "Téléchargement désactivé", text: "Books &#38; Co a désactivé ce téléchargement pour le moment.", back: "Retour à votre commande", payment: /paiement|attente/i },
        pl: { title: "Pobieranie wyłączone", text: "Sklep Books &#38; Co wyłączył na razie to pobieranie.", back: "Wróć do zamówienia", payment: /płatno|zaksięg/i },
      }
      for (const [lang, w] of Object.entries(words)) {
        const res = await get(link, { lang })
        expect(res.status).toBe(403)
        expect(storeHeader(res.text)).toBe(`<span class="store-name">Books &#38; Co</span>`)
        expect(res.text).toContain(`<h1>${w.title}</h1>`)
        expect(res.text).toContain(w.text)
        expect(res.text).not.toMatch(w.payment)
        expect(backLink(res.text)).toBe(delivery.order_page_url)
        expect(res.text).toContain(`>${w.back}</a>`)
        expect(res.text).toContain(`href="mailto:help@books.example"`)
      }
      // The order page's state for it: no "not available yet" in any language.
      const states = { en: "turned off by the store", fr: "désactivé par la boutique", pl: "wyłączone przez sklep" }
      for (const [lang, state] of Object.entries(states)) {
        const page = await get(app.link(delivery.order_page_url), { lang })
        expect(page.text).toContain(state)
        expect(page.text).not.toMatch(/not available yet|pas encore disponible|jeszcze niedostępne/)
      }
      // JSON clients: the same status and code as before, the words with the store's name.
      const json = await get(link, { json: true })
      expect(json.status).toBe(403)
      expect(JSON.parse(json.text)).toEqual({ code: "disabled", message: "Books & Co has turned off this download for now. Contact Books & Co if you need this file." })
    })

    it("limit reached links back to the order page; an unknown link names the store and links nowhere", async () => {
      await settings({ store_name: "Books & Co", support_contact: null })
      const { delivery } = await deliveredOrder("limit@example.com")
      const [grant] = delivery.download_grants
      await api.post(`/admin/download-grants/${grant.id}`, { max_downloads: 1 }, admin)
      const link = app.link(grant.download_url)
      expect((await get(link)).status).toBe(200)
      const spent = await eventually(async () => {
        const res = await get(link)
        expect(res.status).toBe(410)
        return res
      })
      expect(spent.text).toContain("Books &#38; Co can reset your downloads if you need the file again.")
      expect(backLink(spent.text)).toBe(delivery.order_page_url)
      expect(spent.text).not.toContain("data-support")

      const unknown = await get(link.replace(/\/digital-downloads\/.+$/, "/digital-downloads/not-a-link"))
      expect(unknown.status).toBe(404)
      expect(storeHeader(unknown.text)).toBe(`<span class="store-name">Books &#38; Co</span>`)
      expect(backLink(unknown.text)).toBeNull()
    })

    it("a registered customer's refused link goes back to their library, never to a guest order page", async () => {
      await settings({ store_name: "Books & Co" })
      const email = `reader-${crypto.randomBytes(3).toString("hex")}@example.com`
      const token = await registerCustomer(api, store, email, "reader-password-1")
      const { delivery } = await deliveredOrder(email, token)
      const [grant] = delivery.download_grants
      await api.post(`/admin/download-grants/${grant.id}`, { enabled: false }, admin)
      const res = await get(app.link(grant.download_url))
      expect(res.status).toBe(403)
      expect(backLink(res.text)).toMatch(/\/digital-downloads\/library$/)
      expect(res.text).toContain(">Go to your files</a>")
    })
  })
})
