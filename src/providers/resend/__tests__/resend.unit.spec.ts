import { MedusaError, Modules } from "@medusajs/framework/utils"
import type { ProviderSendNotificationDTO } from "@medusajs/framework/types"
import { startFakeResend, type FakeResend } from "../../../../integration-tests/helpers/fake-resend"
import providerModule from "../index"
import {
  DEFAULT_TIMEOUT_MS,
  ResendNotificationProviderService,
  type ResendProviderOptions,
} from "../service"

/**
 * The real `resend` SDK against a local fake of Resend's API (no network here).
 * The SDK reads RESEND_BASE_URL in its constructor, so each provider is built
 * after the variable points at the fake.
 */

const FROM = "Digital Shop <shop@example.com>"

let fake: FakeResend
const savedBaseUrl = process.env.RESEND_BASE_URL

beforeAll(async () => {
  fake = await startFakeResend()
})

afterAll(async () => {
  await fake.close()
  if (savedBaseUrl === undefined) delete process.env.RESEND_BASE_URL
  else process.env.RESEND_BASE_URL = savedBaseUrl
})

beforeEach(() => {
  fake.reset()
  process.env.RESEND_BASE_URL = fake.url
})

function makeProvider(options: Partial<ResendProviderOptions> = {}) {
  return new ResendNotificationProviderService({}, { api_key: fake.apiKey, from: FROM, ...options })
}

function notification(overrides: Partial<ProviderSendNotificationDTO> & { idempotency_key?: string } = {}) {
  return {
    to: "buyer@example.org",
    channel: "email",
    template: "digital-delivery.order-ready",
    content: {
      subject: "Your downloads are ready",
      html: "<p>Download <a href=\"https://shop.example.com/d/abc\">your file</a></p>",
      text: "Download your file: https://shop.example.com/d/abc",
    },
    ...overrides,
  } as ProviderSendNotificationDTO
}

/** Resolves to the rejection, and fails the test if the promise resolved. */
async function rejection(promise: Promise<unknown>): Promise<MedusaError> {
  try {
    await promise
  } catch (e) {
    return e as MedusaError
  }
  throw new Error("expected the promise to reject, it resolved")
}

describe("Resend provider: module export and options", () => {
  it("is a Notification Module provider with identifier 'resend'", () => {
    expect(providerModule.module).toBe(Modules.NOTIFICATION)
    expect(providerModule.services).toEqual([ResendNotificationProviderService])
    expect(ResendNotificationProviderService.identifier).toBe("resend")
  })

  it.each([
    [undefined, /`api_key` is required/],
    [{ from: FROM }, /`api_key` is required/],
    [{ api_key: "   ", from: FROM }, /`api_key` is required/],
    [{ api_key: "re_x" }, /`from` is required/],
    [{ api_key: "re_x", from: "shop" }, /`from` must be an email address or `Name <email>`/],
    [{ api_key: "re_x", from: "Shop <shop@example>" }, /`from` must be/],
    [{ api_key: "re_x", from: "Shop shop@example.com" }, /`from` must be/],
    [{ api_key: "re_x", from: 42 }, /`from` must be/],
    [{ api_key: "re_x", from: FROM, reply_to: "nobody" }, /`reply_to` must be/],
    [{ api_key: "re_x", from: FROM, timeout_ms: 0 }, /`timeout_ms` must be a positive number/],
    [{ api_key: "re_x", from: FROM, timeout_ms: "5000" }, /`timeout_ms`/],
  ])("validateOptions(%j) throws INVALID_DATA naming the option", (options, message) => {
    let error: unknown
    try {
      ResendNotificationProviderService.validateOptions(options as any)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(MedusaError)
    expect((error as MedusaError).type).toBe(MedusaError.Types.INVALID_DATA)
    expect((error as MedusaError).message).toMatch(message)
  })

  it.each(["shop@example.com", "Digital Shop <shop@example.com>", "<shop@example.com>", "\"Shop, Inc.\" <shop@mail.example.co.uk>"])(
    "accepts from = %s",
    (from) => {
      expect(() => ResendNotificationProviderService.validateOptions({ api_key: "re_x", from })).not.toThrow()
    }
  )

  it("the constructor validates too, and the api key never appears in the error", () => {
    expect(() => new ResendNotificationProviderService({}, { api_key: "re_secret_123", from: "nope" })).toThrow(/`from`/)
    try {
      new ResendNotificationProviderService({}, { api_key: "re_secret_123", from: "nope" })
    } catch (e) {
      expect(String((e as Error).message)).not.toContain("re_secret_123")
    }
  })

  it("defaults timeout_ms to 15000", () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(15_000)
    expect((makeProvider() as any).options_.timeout_ms).toBe(15_000)
  })
})

describe("Resend provider: sending through the SDK", () => {
  it("delivers from/to/subject/html/text with the api key and idempotency key, and returns Resend's id", async () => {
    const result = await makeProvider().send(notification({ idempotency_key: "order-ready/ord_123" }))

    expect(fake.sent).toHaveLength(1)
    const email = fake.sent[0]
    expect(result).toEqual({ id: email.id })
    expect(email.method).toBe("POST")
    expect(email.path).toBe("/emails")
    expect(email.headers.authorization).toBe(`Bearer ${fake.apiKey}`)
    expect(email.headers["content-type"]).toMatch(/application\/json/)
    expect(email.idempotencyKey).toBe("order-ready/ord_123")
    expect(email.body).toEqual({
      from: FROM,
      to: "buyer@example.org",
      subject: "Your downloads are ready",
      html: "<p>Download <a href=\"https://shop.example.com/d/abc\">your file</a></p>",
      text: "Download your file: https://shop.example.com/d/abc",
    })
  })

  it("sends no Idempotency-Key header when the notification has none", async () => {
    await makeProvider().send(notification())
    expect(fake.sent).toHaveLength(1)
    expect(fake.sent[0].headers["idempotency-key"]).toBeUndefined()
  })

  it("a retry with the same idempotency key gets the same id and sends nothing twice", async () => {
    const provider = makeProvider()
    const first = await provider.send(notification({ idempotency_key: "order-ready/ord_retry" }))
    const second = await provider.send(notification({ idempotency_key: "order-ready/ord_retry" }))
    expect(second.id).toBe(first.id)
    expect(fake.requests).toHaveLength(2)
    expect(fake.sent).toHaveLength(1)
  })

  it("hashes an idempotency key longer than Resend's 256 characters, stably", async () => {
    const provider = makeProvider()
    const longKey = "k".repeat(300)
    const first = await provider.send(notification({ idempotency_key: longKey }))
    const second = await provider.send(notification({ idempotency_key: longKey }))
    expect(fake.sent).toHaveLength(1)
    expect(fake.sent[0].idempotencyKey).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(second.id).toBe(first.id)
  })

  it("passes provider_data.headers on as Resend's headers (List-Unsubscribe, RFC 8058)", async () => {
    const headers = { "List-Unsubscribe": "<https://shop.example.com/u/t>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" }
    await makeProvider().send(notification({ provider_data: { headers } }))
    expect(fake.sent[0].body.headers).toEqual(headers)
  })

  it("drops headers whose name or value could add a header of its own", async () => {
    await makeProvider().send(notification({ provider_data: { headers: { "X-Ok": "a\r\nBcc: evil@example.com" } } }))
    await makeProvider().send(notification({ provider_data: { headers: { "Bad Name:": "x" } } }))
    expect(fake.sent.map((e) => e.body.headers)).toEqual([undefined, undefined])
  })

  it("provider_data.idempotency_key is sent instead of the notification's key (one key across a sender's attempts)", async () => {
    const provider = makeProvider()
    const first = await provider.send(notification({ idempotency_key: "attempt-1", provider_data: { idempotency_key: "recipient-1" } }))
    const second = await provider.send(notification({ idempotency_key: "attempt-2", provider_data: { idempotency_key: "recipient-1" } }))
    expect(fake.requests.map((r) => r.idempotencyKey)).toEqual(["recipient-1", "recipient-1"])
    expect(fake.sent).toHaveLength(1)
    expect(second.id).toBe(first.id)
  })

  it("uses notification.from over the option, and sends reply_to", async () => {
    await makeProvider({ reply_to: "support@example.com" }).send(notification({ from: "Orders <orders@example.com>" }))
    expect(fake.sent[0].body.from).toBe("Orders <orders@example.com>")
    expect(fake.sent[0].body.reply_to).toBe("support@example.com")
  })

  it("sends only the text part when there is no html", async () => {
    await makeProvider().send(notification({ content: { subject: "Plain", text: "Just text" } }))
    expect(fake.sent[0].body).toEqual({ from: FROM, to: "buyer@example.org", subject: "Plain", text: "Just text" })
  })

  it("passes attachments (base64 content, filename, content type, inline id)", async () => {
    const content = Buffer.from("%PDF-1.4 receipt").toString("base64")
    await makeProvider().send(
      notification({
        attachments: [
          { content, filename: "receipt.pdf", content_type: "application/pdf" },
          { content: "iVBORw0KGgo=", filename: "logo.png", content_type: "image/png", id: "logo" },
        ],
      })
    )
    expect(fake.sent[0].body.attachments).toEqual([
      { content, filename: "receipt.pdf", content_type: "application/pdf" },
      { content: "iVBORw0KGgo=", filename: "logo.png", content_type: "image/png", content_id: "logo" },
    ])
  })

  it("refuses other channels and missing content before calling Resend", async () => {
    const provider = makeProvider()
    const sms = await rejection(provider.send(notification({ channel: "sms" })))
    expect(sms.type).toBe(MedusaError.Types.INVALID_DATA)
    expect(sms.message).toMatch(/only sends the "email" channel/)

    const noContent = await rejection(provider.send(notification({ content: null })))
    expect(noContent.type).toBe(MedusaError.Types.INVALID_DATA)
    expect(noContent.message).toMatch(/no subject/)

    const noBody = await rejection(provider.send(notification({ content: { subject: "Hi" } })))
    expect(noBody.message).toMatch(/no html or text/)

    expect(fake.requests).toHaveLength(0)
  })
})

describe("Resend provider: failures become MedusaError(UNEXPECTED_STATE)", () => {
  it("500 from Resend rejects with its error name and message; the next send succeeds", async () => {
    const provider = makeProvider()
    fake.failNext(1, { status: 500, message: "Something broke on our side." })

    const error = await rejection(provider.send(notification({ idempotency_key: "k-500" })))
    expect(error).toBeInstanceOf(MedusaError)
    expect(error.type).toBe(MedusaError.Types.UNEXPECTED_STATE)
    expect(error.message).toMatch(/500 internal_server_error/)
    expect(error.message).toContain("Something broke on our side.")
    expect(fake.requests).toHaveLength(1)
    expect(fake.sent).toHaveLength(0)

    // The Notification Module retries a failed notification with the same key.
    const retry = await provider.send(notification({ idempotency_key: "k-500" }))
    expect(fake.sent).toHaveLength(1)
    expect(retry.id).toBe(fake.sent[0].id)
  })

  it("a non-JSON 502 (a proxy page) rejects too", async () => {
    fake.failNext(1, { status: 502, rawBody: "<html>Bad gateway</html>" })
    const error = await rejection(makeProvider().send(notification()))
    expect(error.type).toBe(MedusaError.Types.UNEXPECTED_STATE)
    expect(error.message).toMatch(/502 application_error/)
  })

  it("429 rate limit rejects with Resend's name", async () => {
    fake.failNext(1, { status: 429, name: "rate_limit_exceeded", message: "Too many requests." })
    const error = await rejection(makeProvider().send(notification()))
    expect(error.message).toMatch(/429 rate_limit_exceeded.*Too many requests/)
  })

  it("422 validation error (bad recipient) rejects with Resend's message", async () => {
    const error = await rejection(makeProvider().send(notification({ to: "not-an-email" })))
    expect(error).toBeInstanceOf(MedusaError)
    expect(error.type).toBe(MedusaError.Types.UNEXPECTED_STATE)
    expect(error.message).toMatch(/422 validation_error/)
    expect(error.message).toMatch(/Invalid `to` field/)
    expect(fake.requests).toHaveLength(1)
    expect(fake.sent).toHaveLength(0)
  })

  it("422 validation error (bad from on the notification) rejects", async () => {
    const error = await rejection(makeProvider().send(notification({ from: "shop at example" })))
    expect(error.message).toMatch(/422 validation_error.*Invalid `from` field/)
    expect(fake.sent).toHaveLength(0)
  })

  it("a wrong api key rejects with invalid_api_key and does not leak the key", async () => {
    const provider = new ResendNotificationProviderService({}, { api_key: "re_wrong_key_987", from: FROM })
    const error = await rejection(provider.send(notification()))
    expect(error.type).toBe(MedusaError.Types.UNEXPECTED_STATE)
    expect(error.message).toMatch(/403 invalid_api_key/)
    expect(error.message).not.toContain("re_wrong_key_987")
    expect(fake.requests).toHaveLength(1)
    expect(fake.requests[0].headers.authorization).toBe("Bearer re_wrong_key_987")
    expect(fake.sent).toHaveLength(0)
  })

  it("a hanging Resend rejects after timeout_ms and aborts the request", async () => {
    fake.hang(true)
    const error = await rejection(makeProvider({ timeout_ms: 300 }).send(notification()))

    expect(error.type).toBe(MedusaError.Types.UNEXPECTED_STATE)
    expect(error.message).toMatch(/did not answer within 300 ms/)
    expect(fake.requests).toHaveLength(1)
    // The AbortSignal reached fetch: the client closed the connection.
    await waitFor(() => fake.requests[0].abortedByClient)
    expect(fake.requests[0].status).toBeUndefined()
  }, 10_000)

  it("an unreachable server (connection refused) rejects", async () => {
    const gone = await startFakeResend()
    await gone.close()
    process.env.RESEND_BASE_URL = gone.url
    const error = await rejection(makeProvider({ timeout_ms: 5000 }).send(notification()))
    expect(error.type).toBe(MedusaError.Types.UNEXPECTED_STATE)
    expect(error.message).toMatch(/no response application_error.*Unable to fetch data/)
  })
})

describe("the fake Resend API checks requests like Resend", () => {
  async function post(body: unknown, headers: Record<string, string> = { authorization: `Bearer ${fake.apiKey}` }) {
    const res = await fetch(`${fake.url}/emails`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    })
    return { status: res.status, body: (await res.json()) as any }
  }
  const valid = { from: FROM, to: ["a@example.com", "B <b@example.com>"], subject: "S", html: "<p>x</p>" }

  it("401 missing_api_key without a bearer token", async () => {
    expect(await post(valid, {})).toEqual({
      status: 401,
      body: { statusCode: 401, name: "missing_api_key", message: expect.any(String) },
    })
  })

  it.each([
    [{ ...valid, subject: undefined }, "missing_required_field", /`subject`/],
    [{ ...valid, from: undefined }, "missing_required_field", /`from`/],
    [{ ...valid, to: ["a@example.com", "nope"] }, "validation_error", /`to`/],
    [{ ...valid, html: undefined }, "validation_error", /`html` or `text`/],
  ])("422 for %j", async (body, name, message) => {
    const res = await post(body)
    expect(res.status).toBe(422)
    expect(res.body).toEqual({ statusCode: 422, name, message: expect.stringMatching(message) })
    expect(fake.sent).toHaveLength(0)
  })

  it("200 with a uuid for a valid email, 409 when a key is reused with another body", async () => {
    const ok = await post(valid, { authorization: `Bearer ${fake.apiKey}`, "idempotency-key": "k1" })
    expect(ok.status).toBe(200)
    expect(ok.body.id).toMatch(/^[0-9a-f-]{36}$/)
    const conflict = await post({ ...valid, subject: "other" }, { authorization: `Bearer ${fake.apiKey}`, "idempotency-key": "k1" })
    expect(conflict.status).toBe(409)
    expect(conflict.body.name).toBe("invalid_idempotent_request")
    expect(fake.sent).toHaveLength(1)
  })
})

async function waitFor(condition: () => boolean, ms = 2000) {
  const end = Date.now() + ms
  while (!condition()) {
    if (Date.now() > end) throw new Error("condition not met in time")
    await new Promise((r) => setTimeout(r, 10))
  }
}
