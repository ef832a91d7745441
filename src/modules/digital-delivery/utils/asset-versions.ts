import type { FileVersionInput, PreviousAssetFile, ReleaseInput } from "../types"

/**
 * A file asset keeps its current file on its own row and every file it ever
 * had as a digital_asset_version row (version 1, 2, …). Grants point at the
 * asset, so a new version is served by every existing link.
 */

/** The file columns a version sets, on the asset and on its version row. */
export function fileColumns(file: FileVersionInput) {
  return {
    file_id: file.file_id,
    filename: file.filename,
    mime_type: file.mime_type,
    size: file.size,
    sha256: file.sha256 ?? null,
  }
}

/** The digital_asset_version row of `file` as version `version` of the asset, with what the merchant said of the release. */
export function versionRow(assetId: string, version: number, file: FileVersionInput, release: ReleaseInput = {}) {
  return {
    asset_id: assetId,
    version,
    ...fileColumns(file),
    version_label: release.version_label?.trim() || null,
    release_notes: release.release_notes?.trim() ? release.release_notes.replace(/\r\n?/g, "\n").trim() : null,
    extra_downloads: release.extra_downloads ?? 0,
  }
}

/** What a workflow needs to make the asset's current file current again (restoreAssetFile). */
export function previousFile(asset: {
  file_id: string | null
  mime_type: string
  size: unknown
  sha256: string | null
  version: number
  file_updated_at: Date | null
}): PreviousAssetFile {
  return {
    file_id: asset.file_id as string,
    mime_type: asset.mime_type,
    size: Number(asset.size),
    sha256: asset.sha256,
    version: asset.version,
    file_updated_at: asset.file_updated_at,
  }
}
