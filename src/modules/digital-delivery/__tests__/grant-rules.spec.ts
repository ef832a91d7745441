import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { DIGITAL_DELIVERY_MODULE } from ".."
import {
  grantRuleConditionsSql,
  grantStatus,
  grantStatusCaseSql,
  grantStatusSql,
  grantUsableSql,
  isExhausted,
} from "../utils/grant-rules"
import type DigitalDeliveryModuleService from "../service"
import type { GrantStatus } from "../types"

jest.setTimeout(60000)

// Every combination of the fields the rules read, in real grant rows.
const REVOKED = [false, true]
const ENABLED = [true, false]
const EXPIRES = ["never", "past", "future"] as const
// Usage is copies (fractions of a file): just under, at and over the limit.
const LIMITS: { max: number | null; count: number }[] = [
  { max: null, count: 0 },
  { max: null, count: 9.5 },
  { max: 2, count: 0 },
  { max: 2, count: 1.999999 },
  { max: 2, count: 2 },
  { max: 2, count: 3.25 },
]

moduleIntegrationTestRunner<DigitalDeliveryModuleService>({
  moduleName: DIGITAL_DELIVERY_MODULE,
  resolve: "./src/modules/digital-delivery",
  moduleOptions: { secret: "s".repeat(40) },
  testSuite: ({ service, MikroOrmWrapper }) => {
    it("the SQL and the TypeScript rules give every grant the same state", async () => {
      const asset = await service.createFileAsset({ file_id: "f", filename: "a.pdf", mime_type: "application/pdf", size: 10, sha256: null })
      const cases: { revoked: boolean; enabled: boolean; expires: (typeof EXPIRES)[number]; max: number | null; count: number }[] = []
      for (const revoked of REVOKED)
        for (const enabled of ENABLED)
          for (const expires of EXPIRES) for (const { max, count } of LIMITS) cases.push({ revoked, enabled, expires, max, count })
      const grants = await service.issueGrants(
        cases.map((c, i) => ({ order_id: "order_rules", line_item_id: `li_${i}`, asset_id: asset.id, max_downloads: c.max }))
      )
      const knex = MikroOrmWrapper.getManager().getKnex()
      for (const [i, c] of cases.entries()) {
        await knex.raw(
          `UPDATE download_grant SET revoked_at = ?, enabled = ?, downloads_used = CAST(? AS numeric),
             expires_at = CASE ? WHEN 'past' THEN now() - interval '1 hour' WHEN 'future' THEN now() + interval '1 hour' END
           WHERE id = ?`,
          [c.revoked ? new Date() : null, c.enabled, c.count, c.expires, grants[i].id]
        )
      }

      const statusSql = grantStatusSql("g")
      const conditions = grantRuleConditionsSql("g")
      const { rows } = await knex.raw(
        `SELECT g.*, now() AS db_now, ${grantStatusCaseSql("g")} AS sql_status, (${grantUsableSql("g")}) AS usable,
                ${(Object.keys(statusSql) as GrantStatus[]).map((s) => `(${statusSql[s]}) AS is_${s}`).join(", ")},
                ${conditions.map((c) => `((${c.refuses}) = NOT (${c.passes})) AS negation_${c.status}`).join(", ")}
           FROM download_grant g WHERE g.order_id = 'order_rules' ORDER BY g.line_item_id`
      )
      expect(rows).toHaveLength(cases.length)
      const seen = new Set<GrantStatus>()
      for (const row of rows) {
        const ts = grantStatus(row, new Date(row.db_now))
        seen.add(ts)
        const where = `grant ${row.line_item_id}: revoked ${!!row.revoked_at}, enabled ${row.enabled}, expires ${row.expires_at}, ${row.downloads_used}/${row.max_downloads}`
        expect({ where, status: row.sql_status }).toEqual({ where, status: ts })
        // Each state's filter holds for exactly that state; "usable" is "active".
        for (const s of Object.keys(statusSql) as GrantStatus[]) expect({ where, s, holds: row[`is_${s}`] }).toEqual({ where, s, holds: s === ts })
        expect({ where, usable: row.usable }).toEqual({ where, usable: ts === "active" })
        expect({ where, exhausted: isExhausted(row) }).toEqual({ where, exhausted: row.max_downloads != null && Number(row.downloads_used) >= row.max_downloads })
        // A rule's "passes" is its refusal negated, written for the planner.
        for (const c of conditions) expect({ where, rule: c.status, ok: row[`negation_${c.status}`] }).toEqual({ where, rule: c.status, ok: true })
      }
      expect([...seen].sort()).toEqual(["active", "disabled", "exhausted", "expired", "revoked"])
    })
  },
})
