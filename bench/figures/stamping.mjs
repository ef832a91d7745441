// --only stamping: a stamped PDF book of 300 pages and ~100 MB (30 pages,
// ~10 MB with --quick), sold to a few buyers. Each buyer's first download
// makes their stamped copy (the original read from storage, stamped by pdf-lib
// in a worker thread, the copy stored) and then sends it; the next download
// sends the copy made. The figure: the first-download latency, the later one,
// the stamping rate in pages per second (the difference of the two), and the
// server's RSS growth while stamping.
import fs from "node:fs"
import path from "node:path"
import bigPdf from "../../scripts/lib/big-pdf.js"
import { curl, median, withRss } from "../lib/measure.mjs"
import { MiB, uploadAsset } from "../lib/medusa.mjs"

const { writeBigPdf } = bigPdf

export async function run({ quick, log, figures, work, main }) {
  const pages = quick ? 30 : 300
  const BUYERS = quick ? 2 : 3
  const file = path.join(work, "files", "book.pdf")
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const { size } = writeBigPdf(file, { pages, bytes: (quick ? 10 : 100) * MiB })
  log(`stamping: a ${pages}-page book of ${(size / MiB).toFixed(0)} MiB, first and second downloads of ${BUYERS} buyers…`)
  const asset = await uploadAsset(main, file)
  await main.api.post(`/admin/digital-assets/${asset.id}`, { stamp_pdf: true }, main.A)
  const runs = []
  for (let i = 0; i < BUYERS; i++) {
    const id = `dgrant_stamp_${i}_${Math.random().toString(36).slice(2, 8)}`
    await main.db.query(
      `INSERT INTO download_grant (id, order_id, line_item_id, asset_id, email, max_downloads, enabled, token_version, delivered_at)
       VALUES ($1, 'order_stamp_bench', $1, $2, $3, NULL, true, 1, now())`,
      [id, asset.id, `buyer${i}@example.com`]
    )
    const { download_grant } = await main.api.get(`/admin/download-grants/${id}`, main.A)
    const url = main.base + new URL(download_grant.download_url).pathname
    const first = await withRss(main.pid, () => curl(url))
    const second = await curl(url)
    const { rows } = await main.db.query("SELECT size::float8 AS size, pages FROM stamped_copy WHERE grant_id = $1", [id])
    if (rows[0]?.pages !== pages) throw new Error(`stamping: the copy of ${id} has ${rows[0]?.pages} pages, ${pages} expected`)
    runs.push({
      first_seconds: first.result.seconds,
      second_seconds: second.seconds,
      stamping_seconds: first.result.seconds - second.seconds,
      copy_bytes: rows[0].size,
      rss_growth_MiB: first.growth / MiB,
    })
  }
  const stampingSeconds = median(runs.map((r) => r.stamping_seconds))
  figures.stamping = {
    what: `a stamped PDF of ${pages} pages, ${(size / MiB).toFixed(1)} MiB (big-pdf.js: 4 image streams shared by the pages, a text line each, turned and cropped pages); for each of ${BUYERS} buyers (one after the other, curl to /dev/null): the first download (the copy stamped in a worker thread, stored, then sent) and the second (the copy sent); pages per second = pages ÷ (first − second); the Medusa process's RSS growth during the first download (worker included)`,
    pages,
    file_MiB: size / MiB,
    first_download_seconds: median(runs.map((r) => r.first_seconds)),
    later_download_seconds: median(runs.map((r) => r.second_seconds)),
    pages_per_second: pages / stampingSeconds,
    rss_growth_MiB: median(runs.map((r) => r.rss_growth_MiB)),
    copy_overhead_bytes: runs[0].copy_bytes - size,
    runs,
  }
}
