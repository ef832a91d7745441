import fs from "fs"
import path from "path"
import Ajv2020 from "ajv/dist/2020"
import { buildOpenApiDocument } from "../document"

const root = path.resolve(__dirname, "../../../..")
const committed = path.join(root, "openapi.json")
const version = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version
const doc = buildOpenApiDocument(version)

/** Every `route.ts` under src/api as "METHOD /path/{param}". */
function routesInSource(): string[] {
  const api = path.join(root, "src/api")
  const found: string[] = []
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.name === "route.ts") {
        const route = "/" + path.relative(api, dir).split(path.sep).map((s) => s.replace(/^\[(.+)\]$/, "{$1}")).join("/")
        for (const m of fs.readFileSync(full, "utf8").matchAll(/export (?:async function|const) (GET|POST|DELETE|HEAD|PUT|PATCH)\b/g)) {
          found.push(`${m[1]} ${route}`)
        }
      }
    }
  }
  walk(api)
  return found.sort()
}

describe("openapi.json", () => {
  it("is what the validators and response schemas build (run `npm run openapi` after changing them)", () => {
    if (process.env.UPDATE_OPENAPI) fs.writeFileSync(committed, JSON.stringify(doc, null, 2) + "\n")
    expect(JSON.parse(fs.readFileSync(committed, "utf8"))).toEqual(JSON.parse(JSON.stringify(doc)))
  })

  it("documents every route the plugin serves, and no other", () => {
    const documented = Object.entries(doc.paths)
      .flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`))
      .sort()
    expect(documented).toEqual(routesInSource())
  })

  it("is OpenAPI 3.1 whose schemas compile as JSON Schema 2020-12", () => {
    expect(doc.openapi).toBe("3.1.0")
    const ajv = new Ajv2020({ strict: true, strictRequired: false })
    // The HTTP spec validates answers with these; each compiles on its own (no $ref inside).
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      expect([name, typeof ajv.compile(schema)]).toEqual([name, "function"])
    }
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1])
    expect(refs.length).toBeGreaterThan(0)
    expect(refs.filter((name) => !(name in doc.components.schemas))).toEqual([])
    const link = ajv.compile(doc.components.schemas.StoreDownloadLink)
    expect(link({ url: "https://shop.example/digital-downloads/x", expires_at: "2026-01-01T00:00:00.000Z" })).toBe(true)
    expect(link({ url: "https://shop.example/digital-downloads/x" })).toBe(false)
  })
})
