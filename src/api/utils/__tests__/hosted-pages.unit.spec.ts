import { DENIAL_MESSAGES, LOCALES, PAGE_STRINGS, counted, denialWords } from "../../../i18n"
import { storeIdentityOf } from "../../../workflows/utils/store-identity"
import { contentDisposition, zipFilename } from "../../downloads/content-disposition"
import { denialPage, groupedFileList, storeHeader, textOn, type PageFile } from "../pages"

const file = (name: string, product: PageFile["product"]): PageFile => ({
  name,
  product,
  size: 1024,
  status: "active",
  remaining: 1,
  expires_at: null,
  href: `/d/${name}`,
})

describe("the store on the hosted pages", () => {
  it("is the settings' name, else the Store module's, else a fallback; logo https only, accent #rrggbb, contact email or https", () => {
    expect(storeIdentityOf({ store_name: " Books & Co " }, "Medusa Store").name).toBe("Books & Co")
    expect(storeIdentityOf({ store_name: "" }, "My Shop").name).toBe("My Shop")
    expect(storeIdentityOf({}, null).name).toBe("Medusa Store")
    expect(storeIdentityOf({ logo_url: "http://x.example/l.png" }, null).logo_url).toBeNull()
    expect(storeIdentityOf({ accent_color: "#0055AA" }, null).accent_color).toBe("#0055aa")
    expect(storeIdentityOf({ accent_color: "red;}" }, null).accent_color).toBeNull()
    expect(storeIdentityOf({ support_contact: "help@x.example" }, null).support).toEqual({ kind: "email", value: "help@x.example" })
    expect(storeIdentityOf({ support_contact: "https://x.example/help" }, null).support).toEqual({ kind: "url", value: "https://x.example/help" })
    expect(storeIdentityOf({ support_contact: "javascript:alert(1)" }, null).support).toBeNull()
  })

  it("escapes the name in the header and the logo's alt", () => {
    const store = storeIdentityOf({ store_name: `<script>"x"</script>`, logo_url: "https://cdn.example/l.png" }, null)
    expect(storeHeader(store)).toBe(
      `<header class="store" data-store><img src="https://cdn.example/l.png" alt="&#60;script&#62;&#34;x&#34;&#60;/script&#62;"><span class="store-name">&#60;script&#62;&#34;x&#34;&#60;/script&#62;</span></header>`
    )
  })

  it("puts dark text on a light accent and white on a dark one", () => {
    expect(textOn("#ffff00")).toBe("#18181b")
    expect(textOn("#0055aa")).toBe("#ffffff")
    expect(textOn("#18181b")).toBe("#ffffff")
  })
})

describe("files grouped by product", () => {
  it("heads each product, shows the variant only when the product's files come from several, and puts unknown products last", () => {
    const html = groupedFileList(
      [
        file("Atlas.pdf", { product_id: "p1", product_title: "Atlas", variant_id: "v1", variant_title: "PDF" }),
        file("Loose.txt", null),
        file("Poster.png", { product_id: "p2", product_title: "Poster & Co", variant_id: "v3", variant_title: "Default variant" }),
        file("Atlas.epub", { product_id: "p1", product_title: "Atlas", variant_id: "v2", variant_title: "EPUB" }),
      ],
      "en",
      PAGE_STRINGS.en
    )
    const sections = [...html.matchAll(/<h2 class="product">(.*?)<\/h2>(.*?)<\/section>/gs)].map((m) => [m[1], [...m[2].matchAll(/class="(name|variant)">(.*?)</g)].map((x) => x[2])])
    expect(sections).toEqual([
      ["Atlas", ["Atlas.pdf", "PDF", "Atlas.epub", "EPUB"]],
      ["Poster &#38; Co", ["Poster.png"]],
      ["Other files", ["Loose.txt"]],
    ])
  })

  it("lists files without a heading when none has a product (grants of no known order)", () => {
    expect(groupedFileList([file("a.pdf", null)], "en", PAGE_STRINGS.en)).not.toContain("<h2")
  })
})

describe("refusals", () => {
  it("a merchant-disabled file never mentions payment, in any language; its order page state is not 'not yet'", () => {
    const payment = { en: /payment|pending|yet/i, fr: /paiement|attente|encore/i, pl: /płatno|zaksięg|jeszcze/i }
    for (const locale of LOCALES) {
      const w = DENIAL_MESSAGES[locale].disabled
      expect(`${w.title} ${w.message} ${w.action}`).not.toMatch(payment[locale])
      expect(PAGE_STRINGS[locale].state.disabled).not.toMatch(payment[locale])
    }
  })

  it("every refusal says what happened and what to do, and names the store where it has {store}", () => {
    for (const locale of LOCALES) {
      for (const code of Object.keys(DENIAL_MESSAGES.en) as (keyof typeof DENIAL_MESSAGES.en)[]) {
        const w = denialWords(locale, code, "Books $& Co")
        expect(w.message.length).toBeGreaterThan(10)
        expect(w.action.length).toBeGreaterThan(10)
        expect(`${w.message} ${w.action}`).not.toContain("{store}")
        if (`${DENIAL_MESSAGES[locale][code].message}${DENIAL_MESSAGES[locale][code].action}`.includes("{store}")) {
          // A "$&" in the name is not a replacement pattern.
          expect(`${w.message} ${w.action}`).toContain("Books $& Co")
        }
      }
    }
  })

  it("the page names the store, links back and to the support contact, all escaped", () => {
    const store = storeIdentityOf({ store_name: "A<b>", support_contact: "help@x.example" }, null)
    const html = denialPage("pl", denialWords("pl", "expired", store.name), store, { order_url: "https://shop.example/o/t?a=1&b=2" })
    expect(html).toContain(`<span class="store-name">A&#60;b&#62;</span>`)
    expect(html).toContain("Sklep A&#60;b&#62; może go przedłużyć")
    expect(html).toContain(`<a class="button" href="https://shop.example/o/t?a=1&#38;b=2" data-back>Wróć do zamówienia</a>`)
    expect(html).toContain(`href="mailto:help@x.example"`)
    expect(html).toContain(">Kontakt ze sklepem A&#60;b&#62; (help@x.example)</a>")
  })
})

describe("the ZIP's name", () => {
  it("is <store-slug>-order-<number>.zip, ASCII in filename and the UTF-8 slug in filename*", () => {
    expect(zipFilename("Books & Co", 1042, "order_1")).toEqual({ name: "books-co-order-1042.zip", ascii: "books-co-order-1042.zip" })
    const polish = zipFilename("Książki — Łódź", 7, "order_1")
    expect(polish).toEqual({ name: "książki-łódź-order-7.zip", ascii: "ksiazki-lodz-order-7.zip" })
    expect(contentDisposition(polish.name, polish.ascii)).toBe(
      `attachment; filename="ksiazki-lodz-order-7.zip"; filename*=UTF-8''ksi%C4%85%C5%BCki-%C5%82%C3%B3d%C5%BA-order-7.zip`
    )
    // No Latin letter: the ASCII name is the order's alone.
    expect(zipFilename("書店", 3, "order_1")).toEqual({ name: "書店-order-3.zip", ascii: "order-3.zip" })
    // An order without a number (grants issued outside a checkout): its id.
    expect(zipFilename("", null, "order_01ABC")).toEqual({ name: "order-order_01ABC.zip", ascii: "order-order_01ABC.zip" })
    // Quotes, slashes and CR/LF never reach the header.
    expect(contentDisposition(zipFilename('a"/\r\nb', 1, "o").name)).toBe('attachment; filename="a-b-order-1.zip"')
  })
})

describe("the ZIP note", () => {
  it("counts the files per language", () => {
    expect(counted("en", "zipUses", 2)).toBe("The ZIP holds 2 files and uses one download of each.")
    expect(counted("fr", "zipUses", 2)).toBe("Le ZIP contient 2 fichiers et utilise un téléchargement de chacun.")
    expect(counted("pl", "zipUses", 2)).toBe("ZIP zawiera 2 pliki i wykorzystuje jedno pobranie każdego z nich.")
    expect(counted("pl", "zipUses", 5)).toBe("ZIP zawiera 5 plików i wykorzystuje jedno pobranie każdego z nich.")
    expect(counted("pl", "zipUses", 22)).toBe("ZIP zawiera 22 pliki i wykorzystuje jedno pobranie każdego z nich.")
  })
})
