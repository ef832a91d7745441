// The Markdown table the README shows.
const f1 = (n) => (n == null ? "–" : Number(n).toFixed(1))
const f2 = (n) => (n == null ? "–" : Number(n).toFixed(2))
const ok = (pass) => (pass ? "✅" : "❌")
/** 100000 → "100k", 10000000 → "10M" */
const count = (n) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n))

/** "setup 58 s · delivery 73 s · …": the wall seconds of each part of the run. */
export const timePerPart = (seconds) => Object.entries(seconds).map(([part, s]) => `${part} ${s} s`).join(" · ")

export function toMarkdown({ machine, figures: f, seconds }) {
  const rows = []
  if (f.throughput) {
    rows.push([
      "throughput (1 client)",
      `${f1(f.throughput.plugin_MBps)} MB/s`,
      `bare Node ${f1(f.throughput.bare_node_MBps)} MB/s · Medusa /static ${f1(f.throughput.medusa_static_MBps)} MB/s`,
      `${f2(f.throughput.ratio_vs_bare)} vs bare · ${f2(f.throughput.ratio_vs_static)} vs static`,
      `≥ 1.0 · ≥ 1.0 ${ok(f.throughput.ratio_vs_bare >= 1 && f.throughput.ratio_vs_static >= 1)}`,
    ])
  }
  if (f.concurrency) {
    rows.push(["concurrency (32 clients)", `${f1(f.concurrency.plugin_MBps)} MB/s`, `bare Node ${f1(f.concurrency.bare_node_MBps)} MB/s`, f2(f.concurrency.ratio_vs_bare), `≥ 0.9 ${ok(f.concurrency.ratio_vs_bare >= 0.9)}`])
  }
  if (f.memory) {
    rows.push([
      "memory (peak RSS growth)",
      `${f1(f.memory.growth_MiB)} MiB`,
      `${f1(f.memory.growth_MiB_with_larger_files)} MiB with ${f.memory.larger_file_MiB} MiB files`,
      "–",
      `< 64 MiB ${ok(f.memory.growth_MiB < 64 && f.memory.growth_MiB_with_larger_files < 64)}`,
    ])
  }
  if (f.request_overhead) {
    const o = f.request_overhead
    const p = o.plugin
    const b = o.bare_medusa_route
    const q = o.bare_medusa_route_with_one_query
    /** CPU µs per request: Medusa / PostgreSQL / load generator */
    const cpu = (r) => (r.cpu_us_per_request ? ` (CPU µs/request: Medusa ${r.cpu_us_per_request.server}, PostgreSQL ${r.cpu_us_per_request.postgres}, client ${r.cpu_us_per_request.client})` : "")
    const vsQuery = p.requests_per_second / q.requests_per_second
    rows.push([
      "request overhead (4 KiB, 64 conn.)",
      `${Math.round(p.requests_per_second)} req/s, p50 ${p.p50_ms} ms, p99 ${p.p99_ms} ms${cpu(p)}`,
      `bare Medusa route ${Math.round(b.requests_per_second)} req/s${cpu(b)} · with one query ${Math.round(q.requests_per_second)} req/s${cpu(q)}`,
      `${f2(o.ratio_vs_bare_route)} (pairs ${o.ratios_of_each_pair.map(f2).join(" · ")}) · ${f2(vsQuery)} vs one query`,
      `≥ 0.75 · ≥ 0.9 ${ok(o.ratio_vs_bare_route >= 0.75 && vsQuery >= 0.9)}` +
        (o.reserved_copies_never_settled ? ` · ${o.reserved_copies_never_settled} reservations never settled ❌` : ""),
    ])
  }
  if (f.overhead_before_after) {
    const o = f.overhead_before_after
    rows.push([
      `request overhead before (${o.old}) / after`,
      `pairs (old / new): ${o.pairs.map((p) => `${f2(p.old_ratio)} / ${f2(p.new_ratio)}${p.order === "new, old" ? " (new first)" : ""}`).join(" · ")}`,
      `plugin ${Math.round(o.median_old_plugin_rps)} → ${Math.round(o.median_new_plugin_rps)} req/s (medians)`,
      `${f2(o.median_old_ratio)} → ${f2(o.median_new_ratio)}`,
      `new ≥ old ${ok(o.median_new_ratio >= o.median_old_ratio)}`,
    ])
  }
  if (f.resume) rows.push(["resume (cut at 50 %)", `${f2(f.resume.ratio)} × file size`, `the file size; metered ${(f.resume.downloads_used ?? []).map(f2).join(" · ")}`, f2(f.resume.ratio), `≤ 1.01 ${ok(f.resume.ratio <= 1.01)}`])
  if (f.abort_storm) {
    const a = f.abort_storm
    const MiB = 1024 * 1024
    rows.push([
      `abort storm (${a.requests} × 16 MiB, cut at random)`,
      `metered ${f1(a.metered_bytes / MiB)} MiB · handed to the network ${f1(a.server_handed_bytes / MiB)} MiB · clients received ${f1(a.client_received_bytes / MiB)} MiB`,
      `fds ${a.fds_before.total} → ${a.fds_after.total} (PostgreSQL pool ${a.fds_before.postgres} → ${a.fds_after.postgres}, other ${a.fds_growth_besides_pool >= 0 ? "+" : ""}${a.fds_growth_besides_pool}, on the file ${a.fds_after.files_under_dir}) · RSS ${f1(a.rss_before_MiB)} → ${f1(a.rss_after_MiB)} MiB (peak ${f1(a.rss_peak_MiB)})`,
      `${a.metered_vs_handed.toFixed(4)} vs handed · ${a.metered_vs_received.toFixed(4)} vs received`,
      `±1 % ${ok(a.pass.metering)} · fds ${ok(a.pass.descriptors)} · RSS +${f1(a.rss_growth_MiB)} ≤ 20 MiB ${ok(a.pass.rss)}`,
    ])
    const e = a.abandoned_before_response
    if (e)
      rows.push([
        `abandoned before the response (${e.requests}, 0–20 ms)`,
        `${e.reserved_copies_never_settled} copies reserved never settled · ${e.fds_on_the_file_5s_later} descriptors left on the file`,
        `${e.answered_before_abandon} answered before the client left · ${e.events_recorded} events`,
        "–",
        `0 · 0 ${ok(a.pass.abandoned_settled)}`,
      ])
  }
  if (f.download_manager) {
    const d = f.download_manager
    if (d.skipped) rows.push(["download manager (aria2c -x8)", `skipped: ${d.skipped}`, "–", "–", "–"])
    else
      rows.push([
        "download manager (aria2c -x8 -s8 -k1M, limit 2)",
        `downloads_used ${d.downloads_used.map((v) => v.toFixed(3)).join(" · ")}` +
          (d.max_counted_against_limit > d.max_downloads_used
            ? `; with reservations never settled ${d.counted_against_limit.map((v) => v.toFixed(3)).join(" · ")}`
            : ""),
        `one copy; sha256 ${d.all_sha256_ok ? "intact" : "MISMATCH"}`,
        `median ${d.median_downloads_used.toFixed(3)}` +
          (d.max_counted_against_limit > d.max_downloads_used ? ` (${d.median_counted_against_limit.toFixed(3)} with unsettled)` : ""),
        `≤ 1.10 ${ok((d.max_counted_against_limit ?? d.max_downloads_used) <= 1.1 && d.all_sha256_ok)}` +
          (d.max_counted_against_limit > d.max_downloads_used ? " · reservations never settled ❌" : ""),
      ])
  }
  if (f.delivery) {
    const d = f.delivery
    rows.push([
      "delivery of paid orders (the plugin's work)",
      `50-line order: ${f2(d.fifty_line_order_seconds)} s` + (d.fifty_line_grants_per_second ? ` (${f1(d.fifty_line_grants_per_second)} grants/s)` : ""),
      `${d.burst_orders} orders captured in a burst: ` +
        (d.burst_grants_per_second ? `${f1(d.burst_grants_per_second)} grants/s, ${f1(d.burst_emails_per_second)} emails/s` : `${f1(d.burst_orders_per_second)} orders/s`),
      "–",
      `< 2 s ${ok(d.fifty_line_order_seconds < 2)}`,
    ])
  }
  if (f.checkout) {
    const c = f.checkout
    rows.push([
      "Medusa checkout with the plugin (cart → complete → capture)",
      `${f1(c.with_plugin_orders_per_second)} orders/s`,
      `without the plugin ${f1(c.without_plugin_orders_per_second)} orders/s · pairs ${c.pairs.map((p) => f2(p.ratio)).join(" · ")}`,
      f2(c.ratio),
      `≥ 0.9 ${ok(c.ratio >= 0.9)}`,
    ])
  }
  if (f.launch) {
    const l = f.launch
    rows.push([
      `launch (${l.connections} buyers × ${l.file_MiB} MiB at once)`,
      `${f1(l.plugin_MBps)} MB/s, TTFB p99 ${Math.round(l.plugin_ttfb_p99_ms)} ms, RSS +${f1(l.plugin_rss_growth_MiB)} MiB` +
        (l.pass.every_download_served === false ? ` · failed downloads ${l.plugin_failed_downloads.join(" · ")} ❌` : ""),
      `bare Node ${f1(l.bare_node_MBps)} MB/s, TTFB p99 ${Math.round(l.bare_ttfb_p99_ms)} ms, RSS +${f1(l.bare_rss_growth_MiB)} MiB · Medusa after: fds ${l.fds_before.total} → ${l.fds_after.total}, RSS ${f1(l.rss_before_MiB)} → ${f1(l.rss_after_MiB)} MiB (bare Node ${f1(l.bare_rss_before_MiB)} → ${f1(l.bare_rss_after_MiB)})`,
      f2(l.ratio_vs_bare),
      `≥ 0.85 ${ok(l.pass.ratio)} · fds back ${ok(l.pass.descriptors)} · RSS ≤ bare ${ok(l.pass.rss)}`,
    ])
  }
  if (f.zip) {
    const z = f.zip
    rows.push([
      `ZIP of an order (4 × ${z.file_MiB} MiB)`,
      `${f1(z.zip_MBps)} MB/s`,
      `the 4 files one after the other ${f1(z.singles_MBps)} MB/s`,
      f2(z.ratio),
      `≥ 0.8 ${ok(z.ratio >= 0.8)}`,
    ])
  }
  if (f.stamping) {
    const s = f.stamping
    rows.push([
      `stamped PDF (${s.pages} pages, ${f1(s.file_MiB)} MiB)`,
      `${f1(s.pages_per_second)} pages/s · first download ${f2(s.first_download_seconds)} s (stamped, stored, sent), RSS +${f1(s.rss_growth_MiB)} MiB`,
      `the next download of the copy ${f2(s.later_download_seconds)} s`,
      "–",
      "–",
    ])
  }
  // `admin` (100k grants / 1M events), `admin_x10` (--scale 10: 1M / 10M)…
  for (const a of Object.keys(f).filter((k) => /^admin(_x\d+)?$/.test(k)).map((k) => f[k])) {
    const target = a.target_p95_ms ?? 150
    const worst = Object.entries(a.queries).reduce((w, e) => (e[1].p95_ms > w[1].p95_ms ? e : w))
    const q = Object.entries(a.queries).map(([k, v]) => `${k} ${f1(v.p95_ms)}`).join(" · ")
    rows.push([
      `admin p95 (${a.grants ? `${count(a.grants)} grants / ${count(a.events)} events` : "ms"})`,
      `worst ${f1(a.worst_p95_ms)} ms (${worst[0]})`,
      q,
      "–",
      `< ${target} ms ${ok(a.worst_p95_ms < target)}`,
    ])
  }
  if (f.campaign) {
    const c = f.campaign
    rows.push([
      `update campaign (${count(c.recipients)} buyers, noop provider, no throttle)`,
      `recorded in ${f2(c.record_seconds)} s · ${f1(c.emails_per_second)} emails/s (${c.emails_sent} in ${Math.round(c.send_seconds)} s${c.sent_of_backlog && c.sent_of_backlog !== "all" ? `, ${c.sent_of_backlog}` : ""})`,
      `RSS while sending: median ${f1(c.rss_median_MiB)} MiB, peak ${f1(c.rss_peak_MiB)} MiB (before ${f1(c.rss_before_MiB)}) · per email: ${f1(c.transactions_per_email)} transactions, CPU ms Medusa ${f2(c.cpu_ms_per_email.medusa)}, PostgreSQL ${f2(c.cpu_ms_per_email.postgres)}`,
      "–",
      `${c.emails_sent} sent, ${c.failed} failed, one notification each ${ok(c.notifications === c.emails_sent && !c.failed)}`,
    ])
  }
  return `| figure | plugin | baseline in the same run | ratio | target |
|---|---|---|---|---|
${rows.map((r) => `| ${r.join(" | ")} |`).join("\n")}

Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory_GiB} GiB, Node ${machine.node}, ${machine.os}; ${machine.date.slice(0, 10)}; \`${machine.command}\` took ${machine.duration_s} s.
${seconds ? `\nTime per part: ${timePerPart(seconds)}.\n` : ""}`
}
