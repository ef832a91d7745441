import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { ConfigModule, Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { RateLimiterAbstract, RateLimiterRes } from "rate-limiter-flexible"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import { DEFAULT_OPTIONS, type ResolvedRateLimit } from "../../modules/digital-delivery/utils/options"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"
import { sendDenial } from "./denial"
import { normalizeIp } from "../../modules/digital-delivery/utils/client-ip"

/**
 * Fixed-window request counters for the public routes, kept by
 * `rate-limiter-flexible`. With Redis (the store's `projectConfig.redisUrl`,
 * or `rate_limit.redis_url`) one counter is shared by every Medusa instance
 * (the package's Lua script: increment and expiry atomic); without it each
 * instance counts in memory. A window starts at a key's first request.
 */
export type RateLimitKind = "download_ip" | "download_grant" | "login_ip" | "resend_order" | "resend_ip" | "preview_ip" | "license_ip" | "license_key"

/** Makes the counter of one kind: `points` requests per `duration` seconds, keys under `keyPrefix`. */
export type CounterFactory = (options: { keyPrefix: string; points: number; duration: number }) => Pick<RateLimiterAbstract, "consume">

// The package is loaded with the first limited request, not at boot (as ioredis is only with a Redis URL).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadPackage = () => require("rate-limiter-flexible") as typeof import("rate-limiter-flexible")

/** Counters in this process's memory. */
export const memoryCounters: CounterFactory = (options) => new (loadPackage().RateLimiterMemory)(options)

/** Counters in Redis, shared by every instance. */
export function redisCounters(url: string): CounterFactory {
  // Loaded only when a Redis URL is configured: single-instance stores never load ioredis.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Redis = require("ioredis") as typeof import("ioredis").default
  // A request never waits for a Redis that is down: no offline queue, one try.
  const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false })
  client.on("error", () => undefined) // reported by check() when it matters
  return (options) => new (loadPackage().RateLimiterRedis)({ ...options, storeClient: client, rejectIfRedisNotReady: true })
}

export class RateLimiter {
  private lastFailureLog = 0
  private readonly counters: Record<RateLimitKind, Pick<RateLimiterAbstract, "consume">>

  constructor(
    rules: ResolvedRateLimit,
    counters: CounterFactory,
    private readonly logger: Logger
  ) {
    const counter = (kind: RateLimitKind, points: number, duration = rules.window_seconds) =>
      counters({ keyPrefix: `dd:rl:${kind}`, points, duration })
    this.counters = {
      download_ip: counter("download_ip", rules.downloads_per_ip),
      download_grant: counter("download_grant", rules.downloads_per_grant),
      login_ip: counter("login_ip", rules.logins_per_ip),
      preview_ip: counter("preview_ip", rules.previews_per_ip),
      license_ip: counter("license_ip", rules.licenses_per_ip),
      license_key: counter("license_key", rules.licenses_per_key),
      resend_order: counter("resend_order", rules.resends_per_order, rules.resend_window_seconds),
      resend_ip: counter("resend_ip", rules.resends_per_ip, rules.resend_window_seconds),
    }
  }

  /**
   * Counts the request against each (kind, id) and returns the seconds to wait
   * when one of them is over its limit, or 0. If the counters cannot be reached
   * the request goes through (a store stays open when Redis is down) and the
   * failure is logged at most once a minute.
   */
  async check(checks: { kind: RateLimitKind; id: string }[]): Promise<number> {
    let waits: number[]
    try {
      waits = await Promise.all(
        checks.map(({ kind, id }) =>
          this.counters[kind].consume(id).then(
            () => 0,
            (refused: RateLimiterRes | Error) => {
              // Over the limit: a RateLimiterRes; a store that failed: an Error.
              if (refused instanceof Error) throw refused
              return Math.ceil(Math.max(refused.msBeforeNext, 1) / 1000)
            }
          )
        )
      )
    } catch (err) {
      if (Date.now() - this.lastFailureLog > 60_000) {
        this.lastFailureLog = Date.now()
        this.logger.warn(`digital-delivery: rate limit counters unavailable, requests are not limited: ${(err as Error).message}`)
      }
      return 0
    }
    return Math.max(0, ...waits)
  }
}

// One limiter per module service (that is, per application).
const limiters = new WeakMap<DigitalDeliveryModuleService, RateLimiter | null>()

/** The application's limiter, or null when the store turned rate limiting off. */
export function rateLimiterOf(
  req: MedusaRequest,
  service = req.scope.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
): RateLimiter | null {
  let limiter = limiters.get(service)
  if (limiter === undefined) {
    const rules = service.getOptions().rate_limit
    const logger = req.scope.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
    if (!rules) {
      limiter = null
    } else {
      const config = req.scope.resolve<ConfigModule>(ContainerRegistrationKeys.CONFIG_MODULE)
      const redisUrl = rules.redis_url ?? config.projectConfig.redisUrl
      limiter = new RateLimiter(rules, redisUrl ? redisCounters(redisUrl) : memoryCounters, logger)
    }
    limiters.set(service, limiter)
  }
  return limiter
}

// Resend limits hold even where the store turned rate limiting off (load tests,
// a CDN that limits downloads): they guard an email address, not bandwidth.
const resendLimiters = new WeakMap<DigitalDeliveryModuleService, RateLimiter>()

/** The limiter for "email me my links again": the store's, or the default limits when it has none. */
export function resendLimiterOf(req: MedusaRequest): RateLimiter {
  const service = req.scope.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const limiter = rateLimiterOf(req, service)
  if (limiter) return limiter
  let fallback = resendLimiters.get(service)
  if (!fallback) {
    const logger = req.scope.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
    fallback = new RateLimiter({ ...DEFAULT_OPTIONS.rate_limit }, memoryCounters, logger)
    resendLimiters.set(service, fallback)
  }
  return fallback
}

/** The client's address as Medusa sees it (honours the store's trust proxy setting). */
export function clientIp(req: MedusaRequest): string {
  return normalizeIp(req.ip ?? req.socket.remoteAddress) ?? "unknown"
}

/** Sends 429 with Retry-After when the request is over a limit; resolves whether it did. */
export async function refuseIfLimited(
  req: MedusaRequest,
  res: MedusaResponse,
  limiter: RateLimiter,
  checks: { kind: RateLimitKind; id: string }[]
): Promise<boolean> {
  const wait = await limiter.check(checks)
  if (!wait) return false
  void sendDenial(req, res, "too_many_requests", { "Retry-After": String(wait) })
  return true
}

/** Middleware: limits a public route per client address. */
export function rateLimitByIp(kind: "download_ip" | "login_ip" | "preview_ip" | "license_ip") {
  return async (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    try {
      const limiter = rateLimiterOf(req)
      if (limiter && (await refuseIfLimited(req, res, limiter, [{ kind, id: clientIp(req) }]))) return
    } catch (err) {
      return next(err)
    }
    next()
  }
}
