import crypto from "crypto"
import { z } from "@medusajs/framework/zod"

/** What a host passes in `plugins: [{ resolve: "medusa-plugin-digital-delivery", options }]`. */
export type DigitalDeliveryOptions = {
  /** Signs download links. Required in production; at least 32 characters. */
  secret?: string
  /** First value of the store setting; null = unlimited. */
  default_max_downloads?: number | null
  /** First value of the store setting; null = links never expire. */
  default_validity_days?: number | null
  /**
   * @deprecated Ignored since downloads are metered by the bytes sent (a
   * resume costs only what it sends); a value logs a warning.
   */
  resume_window_minutes?: unknown
  /** Public URL of this Medusa server, used to build the links put in emails. */
  backend_url?: string
  /** Lifetime of the short links handed to logged-in customers. */
  short_link_ttl_minutes?: number
  /** Largest file the admin upload accepts, in bytes. */
  max_upload_bytes?: number
  /**
   * How downloads leave the server. "stream" (default): through Medusa, with
   * Range support for every File Module provider. "redirect": a 302 to a
   * short-lived presigned URL of the provider (S3), after the same checks and counting.
   */
  download_mode?: "stream" | "redirect"
  /** Requests allowed per window on the public routes, or false to turn limiting off. */
  rate_limit?: false | RateLimitOptions
  /** How the campaign job sends update emails (the throttle itself is a store setting). */
  update_campaigns?: UpdateCampaignOptions
  /** Stamped PDFs: how many are stamped at once per server process, and each one's bounds. */
  stamping?: StampingOptions
}

export type StampingOptions = {
  /** Worker threads stamping at once per process (the rest wait their turn). */
  concurrency?: number
  /** JavaScript heap of each stamping worker, in MB (the PDF's bytes live outside it). */
  max_heap_mb?: number
  /** A PDF not stamped by then is reported unstampable. */
  timeout_seconds?: number
}

export type UpdateCampaignOptions = {
  /** Rows one job run claims at most (before the throttle). */
  batch_size?: number
  /** A claimed row not marked sent by then (its instance died) is claimed again. */
  lease_seconds?: number
  /** Delays before each retry of a failed send; after the last, the row is marked failed. */
  retry_delays_seconds?: number[]
}

export type RateLimitOptions = {
  /** Length of a window. */
  window_seconds?: number
  /** Download requests (links, order pages, ZIPs) per client address and window. */
  downloads_per_ip?: number
  /** Requests per grant and window, from any address. */
  downloads_per_grant?: number
  /** Login attempts per client address and window. */
  logins_per_ip?: number
  /**
   * Requests for public previews per client address and window: a player
   * seeking in a clip sends one per seek, a product page one per screenshot.
   */
  previews_per_ip?: number
  /** License activation API requests (activate, deactivate, validate) per client address and window. */
  licenses_per_ip?: number
  /** License activation API requests per key and window, from any address. */
  licenses_per_key?: number
  /** "Email me my links again" (Store API) per order and resend window, whoever asks. */
  resends_per_order?: number
  /** "Email me my links again" per client address and resend window. */
  resends_per_ip?: number
  /** Length of the resend window (longer than the download window: these are emails). */
  resend_window_seconds?: number
  /**
   * Where the counters live, shared by every instance. Defaults to the store's
   * `projectConfig.redisUrl`; without Redis, each instance counts in memory.
   */
  redis_url?: string
}

export type ResolvedRateLimit = Required<Omit<RateLimitOptions, "redis_url">> & { redis_url?: string }

export type ResolvedOptions = Required<Omit<DigitalDeliveryOptions, "secret" | "rate_limit" | "resume_window_minutes" | "update_campaigns" | "stamping">> & {
  update_campaigns: Required<UpdateCampaignOptions>
  stamping: Required<StampingOptions>
  secret: string
  secret_generated: boolean
  rate_limit: false | ResolvedRateLimit
  /** Options that are accepted but no longer do anything: the service logs one warning each. */
  deprecated: string[]
}

export const DEFAULT_OPTIONS = {
  default_max_downloads: 5,
  default_validity_days: 30,
  short_link_ttl_minutes: 10,
  max_upload_bytes: 10 * 1024 ** 3,
  download_mode: "stream",
  rate_limit: {
    window_seconds: 60,
    downloads_per_ip: 120,
    downloads_per_grant: 30,
    logins_per_ip: 10,
    previews_per_ip: 600,
    licenses_per_ip: 60,
    licenses_per_key: 30,
    resends_per_order: 3,
    resends_per_ip: 10,
    resend_window_seconds: 3600,
  },
  update_campaigns: { batch_size: 50, lease_seconds: 300, retry_delays_seconds: [60, 600, 3600] },
  stamping: { concurrency: 2, max_heap_mb: 256, timeout_seconds: 300 },
} as const

const optionsSchema = z.object({
  secret: z.string().min(32, "must be at least 32 characters long").optional(),
  default_max_downloads: z.number().int().positive().nullable().optional(),
  default_validity_days: z.number().int().positive().nullable().optional(),
  // Deprecated: accepted (a store must still boot) and ignored.
  resume_window_minutes: z.unknown().optional(),
  backend_url: z.string().url().optional(),
  short_link_ttl_minutes: z.number().int().min(1).max(24 * 60).optional(),
  max_upload_bytes: z.number().int().positive().optional(),
  download_mode: z.enum(["stream", "redirect"]).optional(),
  rate_limit: z
    .union([
      z.literal(false),
      z
        .object({
          window_seconds: z.number().int().min(1).max(24 * 3600).optional(),
          downloads_per_ip: z.number().int().positive().optional(),
          downloads_per_grant: z.number().int().positive().optional(),
          logins_per_ip: z.number().int().positive().optional(),
          previews_per_ip: z.number().int().positive().optional(),
          licenses_per_ip: z.number().int().positive().optional(),
          licenses_per_key: z.number().int().positive().optional(),
          resends_per_order: z.number().int().positive().optional(),
          resends_per_ip: z.number().int().positive().optional(),
          resend_window_seconds: z.number().int().min(1).max(7 * 24 * 3600).optional(),
          redis_url: z.string().min(1).optional(),
        })
        .strict(),
    ])
    .optional(),
  update_campaigns: z
    .object({
      batch_size: z.number().int().min(1).max(1000).optional(),
      lease_seconds: z.number().int().min(1).max(24 * 3600).optional(),
      retry_delays_seconds: z.array(z.number().int().min(0).max(7 * 24 * 3600)).max(20).optional(),
    })
    .strict()
    .optional(),
  stamping: z
    .object({
      concurrency: z.number().int().min(1).max(16).optional(),
      max_heap_mb: z.number().int().min(64).max(8192).optional(),
      timeout_seconds: z.number().int().min(1).max(3600).optional(),
    })
    .strict()
    .optional(),
})

export const PLUGIN_NAME = "medusa-plugin-digital-delivery"

/**
 * Validates the plugin options and fills in defaults. Throws an Error whose
 * message names the option, so a bad configuration stops the boot clearly.
 */
export function resolveOptions(
  raw: unknown,
  env: NodeJS.ProcessEnv = process.env
): ResolvedOptions {
  const parsed = optionsSchema.safeParse(raw ?? {})
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(
      `${PLUGIN_NAME}: invalid option \`${issue.path.join(".") || "options"}\`: ${issue.message}`
    )
  }
  const options = parsed.data
  const production = env.NODE_ENV === "production"
  if (!options.secret && production) {
    throw new Error(
      `${PLUGIN_NAME}: option \`secret\` is required when NODE_ENV=production ` +
        `(a random string of at least 32 characters, e.g. \`openssl rand -hex 32\`; keep it out of the repository)`
    )
  }
  return {
    secret: options.secret ?? crypto.randomBytes(32).toString("hex"),
    secret_generated: !options.secret,
    default_max_downloads:
      options.default_max_downloads === undefined
        ? DEFAULT_OPTIONS.default_max_downloads
        : options.default_max_downloads,
    default_validity_days:
      options.default_validity_days === undefined
        ? DEFAULT_OPTIONS.default_validity_days
        : options.default_validity_days,
    backend_url: (
      options.backend_url ??
      env.MEDUSA_BACKEND_URL ??
      "http://localhost:9000"
    ).replace(/\/+$/, ""),
    short_link_ttl_minutes:
      options.short_link_ttl_minutes ?? DEFAULT_OPTIONS.short_link_ttl_minutes,
    max_upload_bytes: options.max_upload_bytes ?? DEFAULT_OPTIONS.max_upload_bytes,
    download_mode: options.download_mode ?? DEFAULT_OPTIONS.download_mode,
    rate_limit: options.rate_limit === false ? false : { ...DEFAULT_OPTIONS.rate_limit, ...options.rate_limit },
    update_campaigns: {
      batch_size: options.update_campaigns?.batch_size ?? DEFAULT_OPTIONS.update_campaigns.batch_size,
      lease_seconds: options.update_campaigns?.lease_seconds ?? DEFAULT_OPTIONS.update_campaigns.lease_seconds,
      retry_delays_seconds: [...(options.update_campaigns?.retry_delays_seconds ?? DEFAULT_OPTIONS.update_campaigns.retry_delays_seconds)],
    },
    stamping: { ...DEFAULT_OPTIONS.stamping, ...options.stamping },
    deprecated:
      options.resume_window_minutes === undefined
        ? []
        : [
            "`resume_window_minutes` is ignored: downloads are metered by the bytes sent, so a resume costs only what it sends. Remove the option.",
          ],
  }
}

/** What the service logs at boot about these options (deprecated ones, a generated secret). */
export function optionWarnings(options: ResolvedOptions): string[] {
  const warnings = [...options.deprecated]
  if (options.secret_generated) {
    warnings.push(
      "no `secret` option set; using a random one for this process. " +
        "Download links will stop working when the server restarts. Set `secret` (required in production)."
    )
  }
  return warnings
}
