import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { escapeHtml, readOutbox } from "../outbox"

/** One email of the outbox, as the buyer would see it (HTML), with its text part below. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const email = (await readOutbox()).find((e) => e.id === req.params.id)
  if (!email) {
    res.status(404).send("No such email")
    return
  }
  if (req.query.format === "json") {
    res.json({ email })
    return
  }
  res.setHeader("Content-Type", "text/html; charset=utf-8")
  res.setHeader("Cache-Control", "no-store")
  // The email's own HTML in a sandboxed frame, as a mail client shows it: no
  // script, no access to this origin (the Admin's session lives here). Links
  // open in a new tab that leaves the sandbox (<base target="_blank">,
  // allow-popups-to-escape-sandbox), and allow-downloads lets a file link
  // download: without it Chromium fetched the whole file (8 MiB measured on
  // loopback, so metered as one download) and then dropped it (issue 15).
  res.send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(email.subject)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}iframe{width:100%;height:38rem;border:1px solid #e4e4e7;border-radius:8px}pre{white-space:pre-wrap;background:#f4f4f5;padding:1rem;border-radius:8px}</style>
</head><body><p><a href="/demo/outbox">← Outbox</a></p>
<p><strong>To:</strong> ${escapeHtml(email.to)}<br><strong>Subject:</strong> ${escapeHtml(email.subject)}</p>
<iframe sandbox="allow-popups allow-popups-to-escape-sandbox allow-downloads" srcdoc="${escapeHtml(email.html.replace("<head>", '<head><base target="_blank">'))}"></iframe>
<h2>Text part</h2><pre>${escapeHtml(email.text)}</pre></body></html>`)
}
