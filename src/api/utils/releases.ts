import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"
import type { AssetRelease } from "../../modules/digital-delivery/types"

/** An asset's releases as a buyer may see them: the current one, and the earlier ones the merchant keeps (newest first). */
export type AssetReleases = { current: AssetRelease | null; earlier: AssetRelease[] }

/** The releases of these assets, one read for all (external links have none). */
export async function releasesOf(service: DigitalDeliveryModuleService, assetIds: string[]): Promise<Map<string, AssetReleases>> {
  const byAsset = new Map<string, AssetReleases>()
  if (!assetIds.length) return byAsset
  for (const r of await service.listBuyerReleases(assetIds)) {
    const entry = byAsset.get(r.asset_id) ?? { current: null, earlier: [] }
    if (r.current) entry.current = r
    else entry.earlier.push(r)
    byAsset.set(r.asset_id, entry)
  }
  return byAsset
}

/**
 * Whether a release is worth naming to the buyer: a label, notes, or any
 * version after the first. A first, unlabelled file without notes (every file
 * before releases existed) is shown as before, without a version line.
 */
export function isNamedRelease(r: Pick<AssetRelease, "version" | "version_label" | "release_notes">): boolean {
  return !!(r.version_label || r.release_notes || r.version > 1)
}

/** A link to an earlier release: the grant's own link with `release=<version>`. */
export function releaseHref(href: string, version: number): string {
  return `${href}${href.includes("?") ? "&" : "?"}release=${version}`
}
