// The Markdown table the README shows.
const f1 = (n) => (n == null ? "–" : Number(n).toFixed(1))
const f2 = (n) => (n == null ? "–" : Number(n).toFixed(2))
const ok = (pass) => (pass ? "✅" : "❌")

export function toMarkdown({ machine, figures: f }) {
  const rows = []
  if (f.throughput) {
    rows.push([
      "throughput (1 client)",
      `${f1(f.throughput.plugin_MBps)} MB/s`,
      `bare Node ${f1(f.throughput.bare_node_MBps)} MB/s · Medusa /static ${f1(f.throughput.medusa_static_MBps)} MB/s`,
      `${f2(f.throughput.ratio_vs_bare)} vs bare · ${f2(f.throughput.ratio_vs_static)} vs static`,
      `≥ 0.9 · ≥ 1.0 ${ok(f.throughput.ratio_vs_bare >= 0.9 && f.throughput.ratio_vs_static >= 1)}`,
    ])
  }
  if (f.concurrency) {
    rows.push(["concurrency (32 clients)", `${f1(f.concurrency.plugin_MBps)} MB/s`, `bare Node ${f1(f.concurrency.bare_node_MBps)} MB/s`, f2(f.concurrency.ratio_vs_bare), `≥ 0.85 ${ok(f.concurrency.ratio_vs_bare >= 0.85)}`])
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
    const p = f.request_overhead.plugin
    const b = f.request_overhead.bare_medusa_route
    rows.push([
      "request overhead (4 KiB, 64 conn.)",
      `${Math.round(p.requests_per_second)} req/s, p50 ${p.p50_ms} ms, p99 ${p.p99_ms} ms`,
      `bare Medusa route ${Math.round(b.requests_per_second)} req/s, p50 ${b.p50_ms} ms, p99 ${b.p99_ms} ms`,
      f2(f.request_overhead.ratio_vs_bare_route),
      `≥ 0.6 ${ok(f.request_overhead.ratio_vs_bare_route >= 0.6)}`,
    ])
  }
  if (f.resume) rows.push(["resume (cut at 50 %)", `${f2(f.resume.ratio)} × file size`, "the file size", f2(f.resume.ratio), `≤ 1.01 ${ok(f.resume.ratio <= 1.01)}`])
  if (f.delivery) {
    rows.push([
      "delivery",
      `50-line order: ${f2(f.delivery.fifty_line_order_seconds)} s`,
      `${f.delivery.burst_orders} orders in a burst: ${f1(f.delivery.burst_orders_per_second)} orders/s`,
      "–",
      `< 2 s ${ok(f.delivery.fifty_line_order_seconds < 2)}`,
    ])
  }
  if (f.admin) {
    const q = Object.entries(f.admin.queries).map(([k, v]) => `${k} ${f1(v.p95_ms)}`).join(" · ")
    rows.push(["admin (p95, ms)", `worst ${f1(f.admin.worst_p95_ms)} ms`, q, "–", `< 150 ms ${ok(f.admin.worst_p95_ms < 150)}`])
  }
  return `| figure | plugin | baseline in the same run | ratio | target |
|---|---|---|---|---|
${rows.map((r) => `| ${r.join(" | ")} |`).join("\n")}

Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory_GiB} GiB, Node ${machine.node}, ${machine.os}; ${machine.date.slice(0, 10)}; \`${machine.command}\` took ${machine.duration_s} s.
`
}
