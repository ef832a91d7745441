#!/usr/bin/env node
// The campaign claim's plan at 100,000 queued recipients, for any ORDER BY:
//   node bench/lib/claim-plan.mjs "p.next_attempt_at NULLS FIRST, p.id" "p.next_attempt_at DESC NULLS FIRST"
// (the order before and after the change; README, Benchmarks). PROGRESS=1: half
// of them sent first and 2,000 retries waiting (no vacuum since). Its own
// embedded PostgreSQL in .tmp/claim-plan; the tables from the plugin's migration.
import fs from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"
import pg from "pg"
import { startEmbeddedPostgres } from "../../scripts/embedded-postgres.mjs"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..")
const mig = fs.readFileSync(path.join(root, "src/modules/digital-delivery/migrations/Migration20261130211000.ts"), "utf8")
const statements = [...mig.matchAll(/this\.addSql\(`([^`]*)`\)/g)].map((m) => m[1]).filter((s) => /update_campaign/.test(s) && !/drop/i.test(s))
const dir = path.join(root, ".tmp", "claim-plan")
fs.rmSync(dir, { recursive: true, force: true })
const server = await startEmbeddedPostgres({ dir })
await server.createDatabase("claim_plan")
const db = new pg.Client({ connectionString: server.url("claim_plan") })
await db.connect()
const claim = (order) => `UPDATE update_campaign_recipient r
      SET status = 'sending', attempts = r.attempts + 1, claimed_at = now(), lease_until = now() + interval '300 seconds', updated_at = now()
     FROM update_campaign c
    WHERE c.id = r.campaign_id
      AND r.id IN (
        SELECT p.id FROM update_campaign_recipient p
          JOIN update_campaign pc ON pc.id = p.campaign_id AND pc.status = 'sending' AND pc.deleted_at IS NULL
         WHERE p.deleted_at IS NULL
           AND ((p.status = 'queued' AND (p.next_attempt_at IS NULL OR p.next_attempt_at <= now()))
             OR (p.status = 'sending' AND p.lease_until < now()))
         ORDER BY ${order}
         LIMIT 50
         FOR UPDATE OF p SKIP LOCKED)
    RETURNING r.id`
try {
  for (const s of statements) await db.query(s)
  await db.query("INSERT INTO update_campaign (id, asset_id, version) VALUES ('dcamp_1', 'dasset_1', 2)")
  await db.query(
    `INSERT INTO update_campaign_recipient (id, campaign_id, email)
     SELECT 'dcrcp_' || replace(gen_random_uuid()::text, '-', ''), 'dcamp_1', 'camp' || n || '@example.com' FROM generate_series(1, 100000) n`
  )
  await db.query("VACUUM ANALYZE update_campaign_recipient, update_campaign")
  if (process.env.PROGRESS) {
    for (let i = 0; i < 1000; i++)
      await db.query(
        `UPDATE update_campaign_recipient SET status = 'sent' WHERE id IN
           (SELECT id FROM update_campaign_recipient WHERE status = 'queued' AND next_attempt_at IS NULL ORDER BY next_attempt_at DESC NULLS FIRST LIMIT 50)`
      )
    await db.query(
      `UPDATE update_campaign_recipient SET next_attempt_at = now() + interval '1 hour', attempts = 1
        WHERE id IN (SELECT id FROM update_campaign_recipient WHERE status = 'queued' LIMIT 2000)`
    )
  }
  for (const order of process.argv.slice(2)) {
    for (let run = 1; run <= 3; run++) {
      await db.query("BEGIN")
      const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${claim(order)}`)
      await db.query("ROLLBACK")
      const plan = rows.map((r) => r["QUERY PLAN"])
      const scan = plan.find((l) => /Scan.*update_campaign_recipient p\b/.test(l))?.trim().split("  (")[0]
      const sort = plan.find((l) => /Sort Method/.test(l))?.trim()
      console.log(`ORDER BY ${order} (run ${run}): ${plan.at(-1).trim()} · ${scan}${sort ? ` · ${sort}` : ""}`)
    }
  }
} finally {
  await db.end()
  await server.stop()
}
