import crypto from "crypto"
import { AbstractNotificationProviderService, MedusaError } from "@medusajs/framework/utils"
import type {
  Logger,
  ProviderSendNotificationDTO,
  ProviderSendNotificationResultsDTO,
} from "@medusajs/framework/types"
import { Resend } from "resend"
import type { CreateEmailOptions, CreateEmailResponse } from "resend"

/**
 * Options of the provider, as given in `medusa-config.ts`:
 *
 * ```ts
 * {
 *   resolve: "medusa-plugin-digital-delivery/providers/resend",
 *   id: "resend",
 *   options: { channels: ["email"], api_key: process.env.RESEND_API_KEY, from: "Shop <shop@example.com>" },
 * }
 * ```
 */
export type ResendProviderOptions = {
  /** Resend API key (`re_…`). Never logged. */
  api_key: string
  /** Default sender: `shop@example.com` or `Shop <shop@example.com>`. */
  from: string
  /** Default Reply-To address. */
  reply_to?: string
  /** Give up on a request to Resend after this long (the SDK has no timeout of its own). Default 15000. */
  timeout_ms?: number
  /** Set by Medusa's Notification Module configuration; not used here. */
  channels?: string[]
}

export const DEFAULT_TIMEOUT_MS = 15_000
/** Resend accepts idempotency keys of 1 to 256 characters. */
const MAX_IDEMPOTENCY_KEY_LENGTH = 256

const EMAIL = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/
const NAMED_EMAIL = /^[^<>]*<\s*([^<>]+?)\s*>$/

/** `a@b.co` or `Name <a@b.co>`. */
export function isEmailAddress(value: unknown): value is string {
  if (typeof value !== "string") return false
  const trimmed = value.trim()
  const named = NAMED_EMAIL.exec(trimmed)
  return EMAIL.test(named ? named[1] : trimmed)
}

function invalidOption(message: string): never {
  throw new MedusaError(MedusaError.Types.INVALID_DATA, `Resend notification provider: ${message}`)
}

/** Medusa passes the whole created notification; its idempotency key is not in the provider DTO type. */
type SentNotification = ProviderSendNotificationDTO & { idempotency_key?: string | null }

type InjectedDependencies = { logger?: Logger }

class ResendTimeoutError extends Error {}

export class ResendNotificationProviderService extends AbstractNotificationProviderService {
  static identifier = "resend"

  protected readonly options_: ResendProviderOptions & { timeout_ms: number }
  protected readonly client_: Resend

  static validateOptions(options: Record<string, unknown>): void {
    const o = options ?? {}
    if (typeof o.api_key !== "string" || !o.api_key.trim()) {
      invalidOption("the option `api_key` is required (your Resend API key, e.g. process.env.RESEND_API_KEY)")
    }
    if (o.from === undefined || o.from === null || o.from === "") {
      invalidOption("the option `from` is required (e.g. `Shop <shop@example.com>`)")
    }
    if (!isEmailAddress(o.from)) {
      invalidOption("the option `from` must be an email address or `Name <email>`")
    }
    if (o.reply_to !== undefined && o.reply_to !== null && !isEmailAddress(o.reply_to)) {
      invalidOption("the option `reply_to` must be an email address or `Name <email>`")
    }
    if (
      o.timeout_ms !== undefined &&
      !(typeof o.timeout_ms === "number" && Number.isFinite(o.timeout_ms) && o.timeout_ms > 0)
    ) {
      invalidOption("the option `timeout_ms` must be a positive number of milliseconds")
    }
  }

  constructor(_deps: InjectedDependencies, options: ResendProviderOptions) {
    super()
    ResendNotificationProviderService.validateOptions(options)
    this.options_ = { ...options, timeout_ms: options.timeout_ms ?? DEFAULT_TIMEOUT_MS }
    // The SDK reads RESEND_BASE_URL here, at construction (tests point it at a local server).
    this.client_ = new Resend(options.api_key)
  }

  async send(notification: ProviderSendNotificationDTO): Promise<ProviderSendNotificationResultsDTO> {
    const email = this.buildEmail(notification)
    // provider_data.idempotency_key: a key that stays the same across the sender's attempts
    // (an update campaign's recipient row), where the notification's own key must change per attempt.
    const providerKey = notification.provider_data?.idempotency_key
    const idempotencyKey = toIdempotencyKey(
      typeof providerKey === "string" && providerKey ? providerKey : (notification as SentNotification).idempotency_key
    )

    const response = await this.post(email, idempotencyKey)
    if (response.error) {
      const { name, statusCode, message } = response.error
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        `Resend rejected the email (${statusCode ?? "no response"} ${name}): ${message}`
      )
    }
    if (!response.data?.id) {
      throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "Resend answered without an email id")
    }
    return { id: response.data.id }
  }

  protected buildEmail(notification: ProviderSendNotificationDTO): CreateEmailOptions {
    if (notification.channel !== "email") {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `The Resend provider only sends the "email" channel, not "${notification.channel}"`
      )
    }
    if (!notification.to?.trim()) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "The notification has no recipient (`to`)")
    }
    const content = notification.content ?? {}
    if (!content.subject || (!content.html && !content.text)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `The Resend provider needs rendered content (subject and html or text); notification "${notification.template}" has ${
          content.subject ? "no html or text" : "no subject"
        }`
      )
    }

    const providerData = notification.provider_data ?? {}
    const replyTo = isAddressList(providerData.reply_to) ? providerData.reply_to : this.options_.reply_to
    const email = {
      from: notification.from?.trim() || this.options_.from,
      to: notification.to,
      subject: content.subject,
      ...(content.html ? { html: content.html } : {}),
      ...(content.text ? { text: content.text } : {}),
      ...(replyTo ? { replyTo } : {}),
      ...(isAddressList(providerData.cc) ? { cc: providerData.cc } : {}),
      ...(isAddressList(providerData.bcc) ? { bcc: providerData.bcc } : {}),
      ...(Array.isArray(providerData.tags) ? { tags: providerData.tags as { name: string; value: string }[] } : {}),
      // Extra headers (e.g. List-Unsubscribe, RFC 8058): passed on as Resend's `headers`.
      ...(isHeaderMap(providerData.headers) ? { headers: providerData.headers } : {}),
      ...(notification.attachments?.length
        ? {
            attachments: notification.attachments.map((a) => ({
              // Medusa attachments carry base64 content, which is what Resend expects.
              content: a.content,
              filename: a.filename,
              ...(a.content_type ? { contentType: a.content_type } : {}),
              // An id means the body references it (`cid:`): Resend then sends it inline.
              ...(a.id ? { contentId: a.id } : {}),
            })),
          }
        : {}),
    }
    return email as CreateEmailOptions
  }

  /**
   * One POST /emails, bounded by `timeout_ms`. The SDK honours an AbortSignal but
   * has no timeout, and it turns every network failure (an abort included) into
   * `{ error: { name: "application_error" } }`: the race makes the bound hold even
   * if a future SDK stopped passing the signal to fetch.
   */
  protected async post(email: CreateEmailOptions, idempotencyKey?: string): Promise<CreateEmailResponse> {
    const controller = new AbortController()
    const ms = this.options_.timeout_ms
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort()
        reject(new ResendTimeoutError())
      }, ms)
    })
    try {
      return await Promise.race([
        this.client_.emails.send(email, {
          signal: controller.signal,
          ...(idempotencyKey ? { idempotencyKey } : {}),
        }),
        timeout,
      ])
    } catch (e) {
      if (e instanceof ResendTimeoutError) {
        throw new MedusaError(
          MedusaError.Types.UNEXPECTED_STATE,
          `Resend did not answer within ${ms} ms (request aborted); the email may or may not have been sent`
        )
      }
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        `Resend request failed: ${e instanceof Error ? e.message : String(e)}`
      )
    } finally {
      clearTimeout(timer)
    }
  }
}

/** Header names and one-line values only: nothing can add a header of its own. */
function isHeaderMap(value: unknown): value is Record<string, string> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return false
  return Object.entries(value).every(([k, v]) => /^[A-Za-z0-9-]+$/.test(k) && typeof v === "string" && !/[\r\n]/.test(v))
}

function isAddressList(value: unknown): value is string | string[] {
  return typeof value === "string" || (Array.isArray(value) && value.every((v) => typeof v === "string"))
}

/** Resend limits keys to 256 characters: a longer key is replaced by its (stable) hash. */
function toIdempotencyKey(key: string | null | undefined): string | undefined {
  if (!key) return undefined
  if (key.length <= MAX_IDEMPOTENCY_KEY_LENGTH) return key
  return `sha256:${crypto.createHash("sha256").update(key).digest("hex")}`
}

export default ResendNotificationProviderService
