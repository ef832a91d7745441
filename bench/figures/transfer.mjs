// Transfers: one client (throughput), 32 at once (concurrency, memory), a cut
// download resumed with Range (resume).
import { concurrent, curl, median, withRss } from "../lib/measure.mjs"
import { MiB } from "../lib/medusa.mjs"
import { waitSettled } from "../lib/storm.mjs"

const CLIENTS = 32

/** --only throughput: one client, the big file, plugin vs bare Node vs Medusa's /static. */
export async function throughput({ RUNS, sizes: { BIG }, log, figures, assets, main, bare, grantLink }) {
  log(`throughput: one client, ${BIG / MiB} MiB, ${RUNS} runs each…`)
  const pluginBig = await grantLink(assets.big.id)
  const tp = { plugin: [], bare: [], static: [] }
  await curl(`${bare}/big.bin`) // warm the page cache: every server then reads from memory
  for (let i = 0; i < RUNS; i++) {
    tp.bare.push(BIG / (await curl(`${bare}/big.bin`)).seconds)
    tp.plugin.push(BIG / (await curl(pluginBig.url)).seconds)
    tp.static.push(BIG / (await curl(`${main.base}/static/big.bin`)).seconds)
  }
  const tpm = { plugin: median(tp.plugin), bare: median(tp.bare), static: median(tp.static) }
  figures.throughput = {
    what: `one client downloads a ${BIG / MiB} MiB file (curl to /dev/null), median of ${RUNS}`,
    plugin_MBps: tpm.plugin / 1e6,
    bare_node_MBps: tpm.bare / 1e6,
    medusa_static_MBps: tpm.static / 1e6,
    ratio_vs_bare: tpm.plugin / tpm.bare,
    ratio_vs_static: tpm.plugin / tpm.static,
    target: "≥ 1.0 vs bare, ≥ 1.0 vs static",
  }
}

/** --only concurrency: 32 clients at once (the concurrency figure) and the memory they cost (the memory figure). */
export async function concurrency({ RUNS, sizes: { MEDIUM, LARGE_MEDIUM }, log, figures, assets, main, bare, grantLink }) {
  log(`concurrency: ${CLIENTS} clients × ${MEDIUM / MiB} MiB…`)
  const cc = { plugin: [], bare: [], growth: [] }
  const mediumLinks = await Promise.all(Array.from({ length: CLIENTS }, () => grantLink(assets.medium.id)))
  for (let i = 0; i < RUNS; i++) {
    cc.bare.push((await concurrent(Array.from({ length: CLIENTS }, () => `${bare}/medium.bin`))).bytesPerSecond)
    const run = await withRss(main.pid, () => concurrent(mediumLinks.map((l) => l.url)))
    cc.plugin.push(run.result.bytesPerSecond)
    cc.growth.push(run.growth)
  }
  log(`memory with ${CLIENTS} × ${LARGE_MEDIUM / MiB} MiB…`)
  const largeLinks = await Promise.all(Array.from({ length: CLIENTS }, () => grantLink(assets.largeMedium.id)))
  const largeRun = await withRss(main.pid, () => concurrent(largeLinks.map((l) => l.url)))
  figures.concurrency = {
    what: `${CLIENTS} clients each download a ${MEDIUM / MiB} MiB file at once: aggregate, median of ${RUNS}`,
    plugin_MBps: median(cc.plugin) / 1e6,
    bare_node_MBps: median(cc.bare) / 1e6,
    ratio_vs_bare: median(cc.plugin) / median(cc.bare),
    target: "≥ 0.9",
  }
  figures.memory = {
    what: "peak RSS growth of the Medusa process during the concurrency run",
    growth_MiB: median(cc.growth) / MiB,
    growth_MiB_with_larger_files: largeRun.growth / MiB,
    larger_file_MiB: LARGE_MEDIUM / MiB,
    target: "< 64 MiB, independent of file size",
  }
}

/** --only resume: the big file cut at 50 %, then the rest with Range. */
export async function resume({ RUNS, sizes: { BIG }, log, figures, assets, main, grantLink }) {
  log("resume: cut at 50 %, then Range…")
  const resumeRuns = []
  for (let i = 0; i < RUNS; i++) {
    // Metered: the cut download and its resume each pay for what they sent.
    // A high limit, so the figure measures the bytes, never a refusal.
    const link = await grantLink(assets.big.id, 100)
    const half = Math.floor(BIG / 2)
    let received = 0
    const controller = new AbortController()
    const res = await fetch(link.url, { signal: controller.signal })
    try {
      for await (const chunk of res.body) {
        received += chunk.length
        if (received >= half) {
          controller.abort()
          break
        }
      }
    } catch {
      // the abort above ends the read: expected
    }
    const rest = await curl(link.url, ["-H", `Range: bytes=${received}-`])
    const settled = await waitSettled(main.db, [link.id])
    resumeRuns.push({ total: received + rest.bytes, used: settled.downloads_used })
  }
  figures.resume = {
    what: `a ${BIG / MiB} MiB download cut at 50 % and resumed with Range (grant limit 100): bytes transferred / file size; downloads_used as metered once settled (the cut part's unread kernel buffers included)`,
    ratio: median(resumeRuns.map((r) => r.total / BIG)),
    downloads_used: resumeRuns.map((r) => r.used),
    target: "≤ 1.01",
  }
}
