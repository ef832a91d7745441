import type { GrantStatus } from "../types"

/**
 * The rules that decide what a grant allows, written once. Each rule is a SQL
 * condition (for lists, filters and the download statement, which PostgreSQL
 * re-checks on the locked row) and its TypeScript twin (for a row in hand).
 * They are tried in this order: the first that holds is the grant's state; a
 * grant that none holds is "active". `grant-rules.spec.ts` checks that SQL and
 * TypeScript agree on every combination of states.
 */
export type GrantRuleFields = {
  revoked_at?: Date | string | null
  enabled: boolean
  expires_at?: Date | string | null
  max_downloads: number | null
  /** copies used (a numeric column: PostgreSQL may send it as text) */
  downloads_used: number | string
}

type Refusal = Exclude<GrantStatus, "active">

/** `sql` holds when the rule refuses; `passes` is its negation, written as PostgreSQL plans it best. */
const RULES: {
  status: Refusal
  sql: (g: string) => string
  passes: (g: string) => string
  holds: (g: GrantRuleFields, now: Date) => boolean
}[] = [
  {
    status: "revoked",
    sql: (g) => `${g}.revoked_at IS NOT NULL`,
    passes: (g) => `${g}.revoked_at IS NULL`,
    holds: (g) => !!g.revoked_at,
  },
  {
    status: "disabled",
    sql: (g) => `NOT ${g}.enabled`,
    passes: (g) => `${g}.enabled`,
    holds: (g) => !g.enabled,
  },
  {
    status: "expired",
    sql: (g) => `(${g}.expires_at IS NOT NULL AND ${g}.expires_at <= now())`,
    passes: (g) => `(${g}.expires_at IS NULL OR ${g}.expires_at > now())`,
    holds: (g, now) => !!g.expires_at && new Date(g.expires_at) <= now,
  },
  {
    status: "exhausted",
    sql: (g) => `(${g}.max_downloads IS NOT NULL AND ${g}.downloads_used >= ${g}.max_downloads)`,
    passes: (g) => `(${g}.max_downloads IS NULL OR ${g}.downloads_used < ${g}.max_downloads)`,
    holds: (g) => g.max_downloads != null && Number(g.downloads_used) >= g.max_downloads,
  },
]

/** A grant's state, as a merchant and a buyer read it. */
export function grantStatus(grant: GrantRuleFields, now = new Date()): GrantStatus {
  return RULES.find((rule) => rule.holds(grant, now))?.status ?? "active"
}

/** Whether the grant's download allowance is used up (whatever else holds). */
export function isExhausted(grant: GrantRuleFields): boolean {
  return RULES.find((r) => r.status === "exhausted")!.holds(grant, new Date())
}

/** For each state, the SQL condition that a grant (table alias `g`) is in it. */
export function grantStatusSql(g = "g"): Record<GrantStatus, string> {
  const out = {} as Record<GrantStatus, string>
  RULES.forEach((rule, i) => {
    out[rule.status] = [...RULES.slice(0, i).map((r) => r.passes(g)), rule.sql(g)].join(" AND ")
  })
  out.active = grantUsableSql(g)
  return out
}

/** The SQL condition that a grant (alias `g`) may be downloaded now: no rule refuses it. */
export function grantUsableSql(g = "g"): string {
  return RULES.map((r) => r.passes(g)).join(" AND ")
}

/** Each rule's refusal and pass conditions, for the test that checks they are each other's negation. */
export function grantRuleConditionsSql(g = "g"): { status: Refusal; refuses: string; passes: string }[] {
  return RULES.map((r) => ({ status: r.status, refuses: r.sql(g), passes: r.passes(g) }))
}

/** A SQL expression giving the grant's state as text. */
export function grantStatusCaseSql(g = "g"): string {
  return `CASE ${RULES.map((rule) => `WHEN ${rule.sql(g)} THEN '${rule.status}'`).join(" ")} ELSE 'active' END`
}

/**
 * Admission of a request that will send bytes: the grant is usable and its
 * usage plus what requests in flight reserved is under the limit. The
 * download statement adds this to grantUsableSql; PostgreSQL re-checks it on
 * the locked row, so parallel requests cannot pass the limit together.
 */
export function underLimitWithReservationsSql(g = "g"): string {
  return `(${g}.max_downloads IS NULL OR ${g}.downloads_used + ${g}.reserved < ${g}.max_downloads)`
}

/** Usage as the API shows it: copies, rounded down to 2 decimals (so it reads ≥ the limit only when exhausted). */
export function shownUsage(downloadsUsed: number | string | null | undefined): number {
  return Math.floor(Number(downloadsUsed ?? 0) * 100 + 1e-9) / 100
}

/** Whole downloads a buyer has left (rounded down); null when unlimited. */
export function downloadsLeft(grant: { max_downloads: number | null; downloads_used: number | string | null | undefined }): number | null {
  return grant.max_downloads == null ? null : Math.max(Math.floor(grant.max_downloads - Number(grant.downloads_used ?? 0) + 1e-9), 0)
}
