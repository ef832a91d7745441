import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { escapeHtml, readOutbox } from "./outbox"

/** The demo's outbox: every email the store "sent", newest first. */
export async function GET(_req: MedusaRequest, res: MedusaResponse) {
  const emails = await readOutbox()
  const rows = emails
    .map(
      (e) =>
        `<tr><td>${escapeHtml(new Date(e.created_at).toLocaleString("en-GB"))}</td><td>${escapeHtml(e.to)}</td>` +
        `<td><a href="/demo/outbox/${encodeURIComponent(e.id)}">${escapeHtml(e.subject)}</a></td></tr>`
    )
    .join("")
  res.setHeader("Content-Type", "text/html; charset=utf-8")
  res.setHeader("Cache-Control", "no-store")
  res.send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Demo outbox</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%}td,th{padding:.5rem;border-bottom:1px solid #e4e4e7;text-align:left}</style>
</head><body><h1>Demo outbox</h1><p>Emails the demo store sent (kept here instead of being delivered). Set RESEND_API_KEY and RESEND_FROM to send them through Resend.</p>
<table><thead><tr><th>Sent</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows || '<tr><td colspan="3">No email yet.</td></tr>'}</tbody></table></body></html>`)
}
