// --only zip: the order's ZIP ("download all") of 4 files vs the same 4 files
// downloaded one after the other.
import { curl, median } from "../lib/measure.mjs"
import { MiB } from "../lib/medusa.mjs"
import { waitSettled } from "../lib/storm.mjs"

export async function run({ quick, sizes: { MEDIUM }, log, figures, assets, main: { db, api, A, base } }) {
  const ZIP_PAIRS = quick ? 2 : 5
  log(`zip: the order ZIP of 4 × ${MEDIUM / MiB} MiB vs the same files as 4 single downloads, ${ZIP_PAIRS} pairs…`)
  // One order with 4 grants (the same stored file on 4 lines: the ZIP names them "medium.bin", "medium (2).bin"…).
  const zipIds = [0, 1, 2, 3].map((i) => `dgrant_zip_${i}`)
  await db.query(
    `INSERT INTO download_grant (id, order_id, line_item_id, asset_id, max_downloads, enabled, token_version, delivered_at)
     SELECT id, 'order_zip_bench', id, $2, NULL, true, 1, now() FROM unnest($1::text[]) AS id`,
    [zipIds, assets.medium.id]
  )
  const delivery = await api.get("/admin/orders/order_zip_bench/digital-delivery", A)
  const zipUrl = `${base}${new URL(delivery.order_page_url).pathname}/zip`
  const singleUrls = delivery.download_grants.map((g) => base + new URL(g.download_url).pathname)
  if (singleUrls.length !== 4) throw new Error(`zip: ${singleUrls.length} grants on the order, 4 expected`)
  const payload = 4 * MEDIUM
  const singles = async () => {
    let seconds = 0
    for (const u of singleUrls) seconds += (await curl(u)).seconds
    return seconds
  }
  await curl(zipUrl) // warm-up
  await singles()
  const zipPairs = []
  for (let i = 0; i < ZIP_PAIRS; i++) {
    const zipFirst = i % 2 === 1
    const z1 = zipFirst ? await curl(zipUrl) : null
    const singleSeconds = await singles()
    const z = z1 ?? (await curl(zipUrl))
    if (z.bytes < payload) throw new Error(`zip: ${z.bytes} bytes, less than the 4 files`)
    zipPairs.push({ zip_MBps: payload / z.seconds / 1e6, singles_MBps: payload / singleSeconds / 1e6, ratio: singleSeconds / z.seconds, archive_bytes: z.bytes })
  }
  await waitSettled(db, zipIds)
  const { rows: zipUsage } = await db.query("SELECT sum(downloads_used)::float8 AS used FROM download_grant WHERE id = ANY($1)", [zipIds])
  figures.zip = {
    what: `one order with 4 files of ${MEDIUM / MiB} MiB: its ZIP ("download all", stored entries, streamed) in one download vs the same 4 files as single downloads one after the other (one client, curl to /dev/null, time_total summed); MB/s of the files' bytes (${payload / MiB} MiB) for both; ${ZIP_PAIRS} pairs alternating, the median ratio`,
    file_MiB: MEDIUM / MiB,
    zip_MBps: median(zipPairs.map((p) => p.zip_MBps)),
    singles_MBps: median(zipPairs.map((p) => p.singles_MBps)),
    ratio: median(zipPairs.map((p) => p.ratio)),
    archive_overhead_bytes: zipPairs[0].archive_bytes - payload,
    downloads_used_after: zipUsage[0].used,
    downloads_expected: 4 * 2 * (ZIP_PAIRS + 1),
    pairs: zipPairs,
    target: "≥ 0.8",
  }
}
