// --only campaign: an update campaign to 100,000 buyers (5,000 with --quick):
// the recording of its recipients through the Admin route, then every email
// sent through a provider that answers at once (bench/host's noop provider),
// the throttle off, by the job's workflow run back to back
// (bench/host/src/api/bench/campaign-batches), with the Medusa process's RSS
// sampled while it sends.
import { cpuMeter, median } from "../lib/measure.mjs"
import { rss } from "../lib/storm.mjs"
import { uploadAsset } from "../lib/medusa.mjs"

const MiB = 1024 * 1024

/**
 * `buyers` distinct addresses holding grants of `assetId` (every 10th holds a
 * second grant, from a second order: still one email), as deliver-order
 * writes them: enabled, not revoked, no expiry, addresses lowercased.
 */
async function seedBuyers(db, assetId, buyers) {
  await db.query(
    `INSERT INTO download_grant (id, order_id, line_item_id, asset_id, email, max_downloads, enabled, token_version, delivered_at, created_at)
     SELECT 'dgrant_c' || n || '_' || k, 'order_c' || n || '_' || k, 'li_c' || n || '_' || k, $1, 'camp' || n || '@example.com',
            5, true, 1, now(), now() - n * interval '1 second'
       FROM generate_series(1, $2::int) AS n, generate_series(1, 2) AS k
      WHERE k = 1 OR n % 10 = 0`,
    [assetId, buyers]
  )
  await db.query("VACUUM ANALYZE download_grant")
}

/** Committed and rolled-back transactions of the bench database so far (pg_stat_database, flushed). */
async function transactions(db) {
  await db.query("SELECT pg_stat_force_next_flush()").catch(() => {})
  const { rows } = await db.query("SELECT (xact_commit + xact_rollback)::bigint AS n FROM pg_stat_database WHERE datname = current_database()")
  return Number(rows[0].n)
}

export async function run(ctx) {
  const { quick, log, figures, files, main, pgServer } = ctx
  const { db, api, A, base, pid } = main
  // BENCH_CAMPAIGN_BUYERS=<n>: another size (default 100,000; 5,000 with --quick).
  const BUYERS = Number(process.env.BENCH_CAMPAIGN_BUYERS) || (quick ? 5_000 : 100_000)
  // BENCH_CAMPAIGN_SEND=<n>: stop (cancel the campaign) once n are sent, the rest still queued: the rate over the start of the backlog.
  const SEND = Math.min(BUYERS, Number(process.env.BENCH_CAMPAIGN_SEND) || BUYERS)
  log(`campaign: ${BUYERS} buyers of one file…`)
  const asset = await uploadAsset(main, files.small)
  await seedBuyers(db, asset.id, BUYERS)
  const { settings: before } = await api.get("/admin/digital-delivery/settings", A)
  await api.post("/admin/digital-delivery/settings", { update_emails_per_minute: null }, A)
  try {
    // 1. Recording: the merchant's start, through the Admin route (one transaction).
    const recordStarted = process.hrtime.bigint()
    const started = await api.post(`/admin/digital-assets/${asset.id}/update-campaigns`, {}, A)
    const recordSeconds = Number(process.hrtime.bigint() - recordStarted) / 1e9
    const campaignId = started.update_campaign.id
    if (started.recorded !== BUYERS) throw new Error(`campaign: ${started.recorded} recipients recorded, expected ${BUYERS}`)
    log(`  ${started.recorded} recipients recorded in ${recordSeconds.toFixed(2)} s; sending…`)

    // 2. Sending: the job's workflow back to back until nothing is left, RSS sampled every 100 ms.
    const samples = [rss(pid)]
    const sampler = setInterval(() => samples.push(rss(pid)), 100)
    const xactBefore = await transactions(db)
    const cpu = cpuMeter({ serverPid: pid, postgresDataDir: pgServer.dataDir })
    const sendStarted = process.hrtime.bigint()
    const runs = { runs: 0, claimed: 0, sent: 0, failed: 0 }
    try {
      for (;;) {
        const res = await fetch(`${base}/bench/campaign-batches?seconds=5`, { method: "POST", signal: AbortSignal.timeout(120_000) })
        if (!res.ok) throw new Error(`/bench/campaign-batches → ${res.status}: ${await res.text()}`)
        const r = await res.json()
        for (const k of Object.keys(runs)) runs[k] += r[k]
        const { rows } = await db.query(
          "SELECT count(*) FILTER (WHERE status IN ('queued', 'sending'))::int AS left, count(*) FILTER (WHERE status = 'sent')::int AS sent FROM update_campaign_recipient WHERE campaign_id = $1",
          [campaignId]
        )
        if (rows[0].left === 0 || rows[0].sent >= SEND) break
        if (r.claimed === 0 && r.runs > 0) await new Promise((resolve) => setTimeout(resolve, 200)) // rows held by the scheduled job's run
      }
    } finally {
      clearInterval(sampler)
    }
    const sendSeconds = Number(process.hrtime.bigint() - sendStarted) / 1e9
    if (SEND < BUYERS) await api.post(`/admin/digital-delivery/update-campaigns/${campaignId}`, { action: "cancel" }, A)
    const used = cpu.since()
    const xact = (await transactions(db)) - xactBefore
    const { rows: [done] } = await db.query(
      `SELECT count(*) FILTER (WHERE r.status = 'sent')::int AS sent, count(*) FILTER (WHERE r.status = 'failed')::int AS failed,
              count(DISTINCT r.email)::int AS addresses,
              (SELECT count(*)::int FROM notification n WHERE n.template = 'digital-delivery.update' AND n.resource_id IN
                 (SELECT id FROM update_campaign_recipient WHERE campaign_id = $1)) AS notifications
         FROM update_campaign_recipient r WHERE r.campaign_id = $1`,
      [campaignId]
    )
    if (SEND === BUYERS ? done.sent !== BUYERS : done.sent < SEND) throw new Error(`campaign: ${done.sent} sent, expected ${SEND}`)
    if (done.notifications !== done.sent) throw new Error(`campaign: ${done.sent} sent but ${done.notifications} notifications`)
    figures.campaign = {
      what: `an update campaign to ${BUYERS} buyers of one file (every 10th with two grants): recipients recorded by POST /admin/digital-assets/:id/update-campaigns, then every email sent through a provider that answers at once, throttle off, by the campaign job's workflow run back to back (batch_size 50); RSS of the Medusa process sampled every 100 ms while sending`,
      recipients: BUYERS,
      record_seconds: recordSeconds,
      recipients_recorded_per_second: BUYERS / recordSeconds,
      sent_of_backlog: SEND < BUYERS ? `the first ${done.sent} of ${BUYERS} (BENCH_CAMPAIGN_SEND), then cancelled` : "all",
      send_seconds: sendSeconds,
      emails_per_second: done.sent / sendSeconds,
      emails_sent: done.sent,
      notifications: done.notifications,
      failed: done.failed,
      workflow_runs: runs.runs,
      rss_before_MiB: samples[0] / MiB,
      rss_peak_MiB: Math.max(...samples) / MiB,
      rss_median_MiB: median(samples) / MiB,
      rss_samples: samples.length,
      transactions_per_email: xact / done.sent,
      cpu_ms_per_email: { medusa: (used.server * 1000) / done.sent, postgres: (used.postgres * 1000) / done.sent },
    }
  } finally {
    await api.post("/admin/digital-delivery/settings", { update_emails_per_minute: before.update_emails_per_minute }, A)
  }
}
