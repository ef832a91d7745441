// --only dm: a download manager (aria2c, 8 connections with Range) on a grant
// with a limit of 2: how many copies it is charged.
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { median } from "../lib/measure.mjs"
import { MiB } from "../lib/medusa.mjs"
import { aria2c, hasAria2c, sha256, waitSettled } from "../lib/storm.mjs"

export async function run({ quick, sizes: { MEDIUM }, log, figures, files, assets, main: { db }, grantLink }) {
  const DM_RUNS = quick ? 2 : 5
  if (!hasAria2c()) {
    log("download manager: skipped: aria2c not installed")
    figures.download_manager = { skipped: "aria2c not installed" }
  } else {
    log(`download manager: aria2c -x8 -s8 -k1M on ${MEDIUM / MiB} MiB, limit 2, ${DM_RUNS} runs…`)
    const expected = await sha256(files.medium)
    const runs = []
    for (let i = 0; i < DM_RUNS; i++) {
      const link = await grantLink(assets.medium.id, 2)
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-aria2c-"))
      try {
        const got = await aria2c(link.url, dir, "medium.bin")
        const ok = (await sha256(got.file)) === expected
        // A reservation still held 5 s after aria2c exited belongs to a
        // request that never settled: it counts against the limit as usage
        // does (admission compares usage + reserved with the limit).
        const settled = await waitSettled(db, [link.id], { timeoutMs: 5000, tolerate: true })
        const { rows } = await db.query("SELECT count(*)::int AS n FROM download_event WHERE grant_id = $1", [link.id])
        runs.push({
          downloads_used: settled.downloads_used,
          reserved_never_settled: settled.reserved_left,
          counted_against_limit: settled.downloads_used + settled.reserved_left,
          bytes_sent_vs_size: settled.bytes_sent / MEDIUM,
          events: rows[0].n,
          sha256_ok: ok,
          seconds: got.seconds,
        })
      } finally {
        fs.rmSync(dir, { recursive: true, force: true })
      }
    }
    const used = runs.map((r) => r.downloads_used)
    const held = runs.map((r) => r.counted_against_limit)
    figures.download_manager = {
      what: `aria2c -x8 -s8 -k1M --min-split-size=1M --file-allocation=none on a ${MEDIUM / MiB} MiB file, a fresh grant with a limit of 2 each run: downloads_used once settled (and any reservation still held 5 s after aria2c exited, which counts against the limit too), sha256 of the file checked`,
      runs,
      downloads_used: used,
      median_downloads_used: median(used),
      max_downloads_used: Math.max(...used),
      counted_against_limit: held,
      median_counted_against_limit: median(held),
      max_counted_against_limit: Math.max(...held),
      all_sha256_ok: runs.every((r) => r.sha256_ok),
      target: "≤ 1.10 each run (usage plus reservations never settled), file intact",
    }
  }
}
