import { z } from "@medusajs/framework/zod"
import type { DownloadOutcome } from "../../../modules/digital-delivery/types"
import { GRANT_STATUSES } from "../../store/digital-downloads/responses"
import { cursorPage, deleted, isoDate, nullableDate } from "../responses"

/** What the download-grants routes answer (toAdminGrant): never the reservation in flight nor a storage key. */

export const AdminDownloadGrant = z.object({
  id: z.string(),
  order_id: z.string(),
  line_item_id: z.string(),
  asset_id: z.string(),
  customer_id: z.string().nullable().describe("null for a guest"),
  email: z.string().nullable(),
  enabled: z.boolean(),
  revoked_at: nullableDate,
  expires_at: nullableDate.describe("null: never"),
  max_downloads: z.number().int().nullable().describe("null: unlimited"),
  downloads_used: z.number().describe("copies sent (bytes sent ÷ the file's size), rounded down to 2 decimals"),
  bytes_sent: z.number().int(),
  token_version: z.number().int().describe("bumped by regenerate-link: links signed for an older one stop working"),
  delivered_at: nullableDate,
  first_download_at: nullableDate,
  last_download_at: nullableDate,
  ip_changes: z.number().int().describe("how often the downloading address changed"),
  created_at: isoDate,
  updated_at: isoDate,
  status: z.enum(GRANT_STATUSES),
  suspicious: z.boolean().describe("downloaded from many addresses: maybe shared"),
  asset: z.object({
    id: z.string(),
    title: z.string(),
    filename: z.string(),
    kind: z.enum(["file", "external_link"]),
    size: z.number().int().nullable(),
    version: z.number().int().describe("the release the buyer gets: the asset's current version"),
    version_label: z.string().nullable().describe("the merchant's label of that release"),
  }),
  download_url: z.string().describe("the buyer's link, signed for the current token_version, to copy"),
})

const DOWNLOAD_OUTCOMES = [
  "served",
  "resumed",
  "redirected",
  "head",
  "invalid_link",
  "disabled",
  "revoked",
  "expired",
  "limit_reached",
  "range_not_satisfiable",
  "precondition_failed",
  "storage_error",
  "aborted",
  "unstampable",
] as const satisfies readonly DownloadOutcome[]

/** One download attempt, allowed or denied. */
export const AdminDownloadEvent = z.object({
  id: z.string(),
  outcome: z.enum(DOWNLOAD_OUTCOMES).describe("aborted: the client went away (what it received is counted)"),
  counted: z.boolean(),
  bytes_sent: z.number().int().nullable(),
  range: z.string().nullable(),
  status: z.number().int().nullable().describe("the HTTP status answered"),
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  created_at: isoDate,
})

export const AdminDownloadGrantResponse = z.object({
  download_grant: AdminDownloadGrant.extend({
    download_events: z.array(AdminDownloadEvent).describe("the last 50 download attempts, newest first"),
  }),
})

export const AdminDownloadGrantList = z.object({ download_grants: z.array(AdminDownloadGrant), ...cursorPage })

export const AdminDownloadGrantDeleted = deleted("download_grant")

const HistoryDownload = AdminDownloadEvent.extend({ kind: z.literal("download") })
const HistoryActivity = z.object({
  kind: z.literal("activity"),
  id: z.string(),
  created_at: isoDate,
  action: z.enum(["enabled", "disabled", "usage_reset", "limit_changed", "expiry_changed", "link_regenerated", "revoked", "email_sent", "issued", "license_key_revealed", "license_key_revoked", "license_key_replaced"]),
  actor_type: z.enum(["user", "api-key", "system"]),
  actor_id: z.string().nullable(),
  actor_email: z.string().nullable().describe("the Admin user's email when they acted"),
  change: z.object({ from: z.unknown(), to: z.unknown() }).nullable().describe("the value before and after"),
  details: z.record(z.string(), z.unknown()).nullable(),
})

export const AdminGrantHistory = z.object({
  history: z.array(z.discriminatedUnion("kind", [HistoryDownload, HistoryActivity])).describe("newest first"),
  next_cursor: z.string().nullable().describe("pass as `cursor` for older entries; null on the last page"),
})
