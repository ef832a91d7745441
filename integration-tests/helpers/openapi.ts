import fs from "fs"
import path from "path"
import Ajv2020 from "ajv/dist/2020"

/**
 * openapi.json (the published document) against the answers of the running
 * app: `documented(method, template, res)` fails unless the operation is in the
 * document, the answer's status is documented for it, and a JSON body validates
 * against its schema. It records what it saw, so a spec can fail when a
 * documented operation (or status) was never seen.
 */
export function openApiChecker() {
  const doc = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../openapi.json"), "utf8"))
  const ajv = new Ajv2020({ strict: false })
  // The component schemas are self-contained (no $ref inside): one validator each.
  const validators = new Map<string, ReturnType<Ajv2020["compile"]>>()
  const validatorOf = (schema: { $ref?: string }) => {
    const key = schema.$ref ?? JSON.stringify(schema)
    if (!validators.has(key)) validators.set(key, ajv.compile(schema.$ref ? doc.components.schemas[schema.$ref.split("/").pop()!] : schema))
    return validators.get(key)!
  }
  /** "METHOD /template STATUS" of every answer checked. */
  const exercised = new Set<string>()

  /** Checks one answer against the document; returns its JSON body (null for HEAD and other media types). */
  async function documented(method: string, template: string, res: Response): Promise<any> {
    const op = doc.paths[template]?.[method.toLowerCase()]
    expect([method, template, op ? "documented" : "missing"]).toEqual([method, template, "documented"])
    const answer = op.responses[String(res.status)]
    exercised.add(`${method.toUpperCase()} ${template} ${res.status}`)
    const type = res.headers.get("content-type") ?? ""
    if (!answer) {
      const text = type.includes("json") ? await res.text() : ""
      throw new Error(`${method} ${template} answered ${res.status}, which the document does not list ${text}`)
    }
    if (method === "HEAD" || !type.includes("application/json")) {
      if (answer.content && method !== "HEAD") expect([type, Object.keys(answer.content).some((t) => t === "*/*" || type.startsWith(t))]).toEqual([type, true])
      return null
    }
    const body = await res.json()
    expect([method, template, res.status, answer.content?.["application/json"] ? "JSON documented" : "no JSON documented"]).toEqual([
      method,
      template,
      res.status,
      "JSON documented",
    ])
    const validate = validatorOf(answer.content["application/json"].schema)
    if (!validate(body)) throw new Error(`${method} ${template} ${res.status}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 3000)}`)
    return body
  }

  /** "METHOD /template" of the document's operations whose path starts with `prefix`. */
  const operations = (prefix: string) =>
    Object.entries(doc.paths)
      .filter(([p]) => p.startsWith(prefix))
      .flatMap(([p, methods]) => Object.keys(methods as object).map((m) => `${m.toUpperCase()} ${p}`))
      .sort()

  /** "METHOD /template STATUS" of every answer the document lists under `prefix`. */
  const statuses = (prefix: string) =>
    Object.entries(doc.paths)
      .filter(([p]) => p.startsWith(prefix))
      .flatMap(([p, methods]) =>
        Object.entries(methods as Record<string, { responses: object }>).flatMap(([m, op]) => Object.keys(op.responses).map((s) => `${m.toUpperCase()} ${p} ${s}`))
      )
      .sort()

  /** The documented operations never seen (by operation, whatever the status). */
  const notExercised = (prefix: string) => {
    const seen = new Set([...exercised].map((e) => e.split(" ").slice(0, 2).join(" ")))
    return operations(prefix).filter((op) => !seen.has(op))
  }

  return { doc, documented, exercised, operations, statuses, notExercised }
}
