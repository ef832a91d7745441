// CommonJS, so both the TypeScript specs (Jest) and the plain Node scripts
// (scripts/test-package.mjs) use this one stand-in; its types are in fake-resend.d.ts.
const crypto = require("crypto")
const http = require("http")

/**
 * A local stand-in for Resend's `POST /emails`, for machines that cannot reach
 * api.resend.com. It checks requests the way Resend does (documented at
 * https://resend.com/docs/api-reference/errors) and answers in Resend's shapes:
 *
 * | request | answer |
 * |---|---|
 * | no `Authorization: Bearer …` | 401 `missing_api_key` |
 * | another key | 403 `invalid_api_key` (Resend answers 403 here, not 401) |
 * | missing `from` / `to` / `subject` | 422 `missing_required_field` |
 * | bad `from` / `to` / `cc` / `bcc` / `reply_to`, no `html` nor `text`, more than 50 recipients | 422 `validation_error` |
 * | `Idempotency-Key` longer than 256 characters | 400 `invalid_idempotency_key` |
 * | same key, same body, again | 200 with the first id, nothing new in `sent` |
 * | same key, another body | 409 `invalid_idempotent_request` |
 * | valid | 200 `{ id }`, recorded in `sent` |
 *
 * Point the SDK at it with `process.env.RESEND_BASE_URL = url` before `new Resend()`
 * (the SDK reads the variable in its constructor).
 */

const EMAIL = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/
const NAMED = /^[^<>]*<\s*([^<>]+?)\s*>$/
const ADDRESS_FORMAT = "The email address needs to follow the `email@example.com` or `Name <email@example.com>` format."
const MAX_RECIPIENTS = 50

function isAddress(value) {
  if (typeof value !== "string") return false
  const v = value.trim()
  const named = NAMED.exec(v)
  return EMAIL.test(named ? named[1] : v)
}

class ApiError {
  constructor(statusCode, name, message) {
    this.statusCode = statusCode
    this.name = name
    this.message = message
  }
}

/** Resend's checks on a send-email body; throws the first problem found. */
function validateEmail(body) {
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    throw new ApiError(422, "validation_error", "The request body must be a JSON object.")
  }
  for (const field of ["from", "to", "subject"]) {
    if (body[field] === undefined || body[field] === null || body[field] === "") {
      throw new ApiError(422, "missing_required_field", `Missing \`${field}\` field.`)
    }
  }
  if (!isAddress(body.from)) {
    throw new ApiError(422, "validation_error", `Invalid \`from\` field. ${ADDRESS_FORMAT}`)
  }
  for (const field of ["to", "cc", "bcc", "reply_to"]) {
    const value = body[field]
    if (value === undefined) continue
    const list = Array.isArray(value) ? value : [value]
    if (list.length === 0 || !list.every(isAddress)) {
      throw new ApiError(422, "validation_error", `Invalid \`${field}\` field. ${ADDRESS_FORMAT}`)
    }
    if (list.length > MAX_RECIPIENTS) {
      throw new ApiError(422, "validation_error", `Too many recipients in \`${field}\`: the maximum is ${MAX_RECIPIENTS}.`)
    }
  }
  if (typeof body.subject !== "string") {
    throw new ApiError(422, "validation_error", "Invalid `subject` field: expected a string.")
  }
  const hasHtml = typeof body.html === "string" && body.html.length > 0
  const hasText = typeof body.text === "string" && body.text.length > 0
  if (!hasHtml && !hasText && !body.template) {
    throw new ApiError(422, "validation_error", "Missing `html` or `text` field.")
  }
  if (body.attachments !== undefined) {
    if (!Array.isArray(body.attachments)) {
      throw new ApiError(422, "invalid_attachment", "Invalid `attachments` field: expected an array.")
    }
    for (const a of body.attachments) {
      if (!a || (typeof a.content !== "string" && typeof a.path !== "string")) {
        throw new ApiError(422, "invalid_attachment", "Attachment must have either a `content` or `path`.")
      }
    }
  }
}

/** @type {typeof import("./fake-resend").startFakeResend} */
async function startFakeResend(options = {}) {
  const apiKey = options.apiKey ?? `re_test_${crypto.randomBytes(12).toString("hex")}`
  const sent = []
  const requests = []
  const failures = []
  const idempotency = new Map()
  let hanging = false
  let delayMs = 0
  let outage = null

  const server = http.createServer((req, res) => {
    const chunks = []
    req.on("data", (c) => chunks.push(c))
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8")
      let body = raw
      let parsed = false
      try {
        body = raw ? JSON.parse(raw) : undefined
        parsed = true
      } catch {
        // keep the raw text
      }
      const key = req.headers["idempotency-key"]
      const record = {
        method: req.method ?? "",
        path: (req.url ?? "").split("?")[0],
        headers: req.headers,
        idempotencyKey: typeof key === "string" ? key : undefined,
        body,
        abortedByClient: false,
      }
      requests.push(record)
      res.on("close", () => {
        if (!res.writableFinished) record.abortedByClient = true
      })

      const answer = (status, payload, raw) => {
        record.status = status
        const text = raw ?? JSON.stringify(payload)
        res.writeHead(status, {
          "Content-Type": raw === undefined ? "application/json" : "text/html",
          "Content-Length": Buffer.byteLength(text),
        })
        res.end(text)
      }
      const error = (e) =>
        answer(e.statusCode, { statusCode: e.statusCode, name: e.name, message: e.message })

      if (hanging) return // read, recorded, never answered

      const failure = outage ?? failures.shift()
      if (failure) {
        const status = failure.status ?? 500
        if (failure.rawBody !== undefined) return answer(status, undefined, failure.rawBody)
        return error(
          new ApiError(
            status,
            failure.name ?? (status >= 500 ? "internal_server_error" : "application_error"),
            failure.message ?? "An unexpected error occurred."
          )
        )
      }

      const auth = req.headers.authorization
      const bearer = typeof auth === "string" ? /^Bearer\s+(\S+)\s*$/.exec(auth)?.[1] : undefined
      if (!bearer) {
        return error(new ApiError(401, "missing_api_key", "Missing API key in the authorization header."))
      }
      if (bearer !== apiKey) return error(new ApiError(403, "invalid_api_key", "API key is invalid."))

      if (record.path !== "/emails") return error(new ApiError(404, "not_found", "The requested endpoint does not exist."))
      if (req.method !== "POST") return error(new ApiError(405, "method_not_allowed", "Method is not allowed for the requested path."))
      if (!parsed) return error(new ApiError(422, "validation_error", "Invalid JSON body."))

      if (record.idempotencyKey !== undefined && (record.idempotencyKey.length < 1 || record.idempotencyKey.length > 256)) {
        return error(new ApiError(400, "invalid_idempotency_key", "The key must be between 1-256 chars."))
      }
      try {
        validateEmail(body)
      } catch (e) {
        if (e instanceof ApiError) return error(e)
        throw e
      }

      const bodyHash = crypto.createHash("sha256").update(raw).digest("hex")
      if (record.idempotencyKey) {
        const previous = idempotency.get(record.idempotencyKey)
        if (previous) {
          if (previous.bodyHash !== bodyHash) {
            return error(
              new ApiError(409, "invalid_idempotent_request", "Same idempotency key used with a different request payload.")
            )
          }
          return answer(200, { id: previous.id }) // replay: same answer, no second email
        }
      }
      const id = crypto.randomUUID()
      if (record.idempotencyKey) idempotency.set(record.idempotencyKey, { bodyHash, id })
      sent.push({ ...record, id })
      // slow(): accepted (and counted) now, answered later — a client that dies meanwhile never hears it was sent.
      if (delayMs > 0) setTimeout(() => res.writable && answer(200, { id }), delayMs)
      else answer(200, { id })
    })
  })

  await new Promise((resolve, reject) => {
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => resolve())
  })
  const { port } = server.address()

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    sent,
    requests,
    failNext(n, spec = {}) {
      for (let i = 0; i < n; i++) failures.push(spec)
    },
    hang(on) {
      hanging = on
    },
    down(spec) {
      outage = spec === false || spec == null ? null : spec === true ? {} : spec
    },
    slow(ms) {
      delayMs = ms
    },
    reset() {
      sent.length = 0
      requests.length = 0
      failures.length = 0
      idempotency.clear()
      hanging = false
      delayMs = 0
      outage = null
    },
    close() {
      hanging = false
      return new Promise((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()))
        // Hung requests and keep-alive sockets would otherwise hold close() open.
        server.closeAllConnections()
      })
    },
  }
}

module.exports = { startFakeResend }
