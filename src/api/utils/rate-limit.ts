import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { ConfigModule, Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { Redis as RedisClient } from "ioredis"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type { ResolvedRateLimit } from "../../modules/digital-delivery/utils/options"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"
import { sendDenial } from "./denial"

/**
 * Fixed-window request counters for the public routes. With Redis (the
 * store's `projectConfig.redisUrl`, or `rate_limit.redis_url`) one counter is
 * shared by every Medusa instance; without it each instance counts in memory.
 */
export type RateLimitKind = "download_ip" | "download_grant" | "login_ip"

type Hit = { count: number; ttlMs: number }

interface CounterStore {
  /** Adds one to each key (window `windowMs`, starting at the key's first hit). */
  hit(keys: string[], windowMs: number): Promise<Hit[]>
}

/** One process's counters; expired windows are swept as new ones open. */
export class MemoryCounterStore implements CounterStore {
  private readonly windows = new Map<string, { count: number; resetAt: number }>()
  private nextSweep = 0

  async hit(keys: string[], windowMs: number): Promise<Hit[]> {
    const now = Date.now()
    if (now >= this.nextSweep) {
      for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key)
      this.nextSweep = now + windowMs
    }
    return keys.map((key) => {
      let w = this.windows.get(key)
      if (!w || w.resetAt <= now) {
        w = { count: 0, resetAt: now + windowMs }
        this.windows.set(key, w)
      }
      w.count++
      return { count: w.count, ttlMs: w.resetAt - now }
    })
  }
}

// Every key of a request in one round trip, each INCR and its expiry atomic.
const HIT_SCRIPT = `
local out = {}
for i, key in ipairs(KEYS) do
  local n = redis.call('INCR', key)
  if n == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then redis.call('PEXPIRE', key, ARGV[1]); ttl = tonumber(ARGV[1]) end
  out[#out + 1] = n
  out[#out + 1] = ttl
end
return out`

type ScriptedRedis = RedisClient & { ddRateHit(numKeys: number, ...args: (string | number)[]): Promise<number[]> }

/** Counters in Redis, shared by every instance. */
export class RedisCounterStore implements CounterStore {
  private readonly redis: ScriptedRedis

  constructor(url: string) {
    // Loaded only when a Redis URL is configured: single-instance stores never load ioredis.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Redis = require("ioredis") as typeof import("ioredis").default
    // A request never waits for a Redis that is down: no offline queue, one try.
    this.redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false }) as ScriptedRedis
    this.redis.on("error", () => undefined) // reported by hit() when it matters
    this.redis.defineCommand("ddRateHit", { lua: HIT_SCRIPT })
  }

  async hit(keys: string[], windowMs: number): Promise<Hit[]> {
    const flat = await this.redis.ddRateHit(keys.length, ...keys, windowMs)
    return keys.map((_, i) => ({ count: Number(flat[2 * i]), ttlMs: Number(flat[2 * i + 1]) }))
  }
}

export class RateLimiter {
  private lastFailureLog = 0

  constructor(
    private readonly rules: ResolvedRateLimit,
    private readonly store: CounterStore,
    private readonly logger: Logger
  ) {}

  private limitOf(kind: RateLimitKind): number {
    switch (kind) {
      case "download_ip":
        return this.rules.downloads_per_ip
      case "download_grant":
        return this.rules.downloads_per_grant
      case "login_ip":
        return this.rules.logins_per_ip
    }
  }

  /**
   * Counts the request against each (kind, id) and returns the seconds to wait
   * when one of them is over its limit, or 0. If the counters cannot be reached
   * the request goes through (a store stays open when Redis is down) and the
   * failure is logged at most once a minute.
   */
  async check(checks: { kind: RateLimitKind; id: string }[]): Promise<number> {
    const windowMs = this.rules.window_seconds * 1000
    const window = Math.floor(Date.now() / windowMs)
    let hits: Hit[]
    try {
      hits = await this.store.hit(
        checks.map((c) => `dd:rl:${c.kind}:${c.id}:${window}`),
        windowMs
      )
    } catch (err) {
      if (Date.now() - this.lastFailureLog > 60_000) {
        this.lastFailureLog = Date.now()
        this.logger.warn(`digital-delivery: rate limit counters unavailable, requests are not limited: ${(err as Error).message}`)
      }
      return 0
    }
    let wait = 0
    hits.forEach((hit, i) => {
      if (hit.count > this.limitOf(checks[i].kind)) {
        wait = Math.max(wait, Math.ceil(Math.max(hit.ttlMs, 1) / 1000))
      }
    })
    return wait
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
      limiter = redisUrl
        ? new RateLimiter(rules, new RedisCounterStore(redisUrl), logger)
        : new RateLimiter(rules, new MemoryCounterStore(), logger)
    }
    limiters.set(service, limiter)
  }
  return limiter
}

/** The client's address as Medusa sees it (honours the store's trust proxy setting). */
export function clientIp(req: MedusaRequest): string {
  return req.ip ?? req.socket.remoteAddress ?? "unknown"
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
  sendDenial(req, res, "too_many_requests", { "Retry-After": String(wait) })
  return true
}

/** Middleware: limits a public route per client address. */
export function rateLimitByIp(kind: "download_ip" | "login_ip") {
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
