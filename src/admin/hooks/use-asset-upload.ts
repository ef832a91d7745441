import { toast } from "@medusajs/ui"

const UPLOAD_TOAST_POSITION = "top-right" as const
import { useRef, useState } from "react"
import { formatBytes } from "../lib/format"
import { errorMessage, uploadWithProgress } from "../lib/sdk"
import type { DigitalAsset } from "../lib/types"
import { useInvalidateAssetViews, useLinkAssetToVariant } from "./api"

/** An upload in flight, as the variant widget lists it. */
export type Upload = {
  key: string
  name: string
  size: number
  progress: number
  phase: "uploading" | "attaching"
  /** set when the upload replaces this asset's file */
  replaces?: string
  abort: () => void
}

/**
 * Uploads for one variant, several at once, each with its progress: a new file
 * becomes an asset (POST /admin/digital-assets, with upload progress) and is then
 * attached to the variant; a replacement uploads a new version of an asset's file
 * (POST /admin/digital-assets/:id/file). Ends with a toast either way.
 */
export function useAssetUpload(variantId: string) {
  const [uploads, setUploads] = useState<Upload[]>([])
  const seq = useRef(0)
  const attach = useLinkAssetToVariant(variantId)
  const refresh = useInvalidateAssetViews(variantId)

  const patch = (key: string, change: Partial<Upload>) =>
    setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)))
  const drop = (key: string) => setUploads((list) => list.filter((u) => u.key !== key))

  /** `release`: the new release's fields (version_label, release_notes, notify, extra_downloads), for a replacement. */
  const start = async (file: File, replaces?: DigitalAsset, release: Record<string, string> = {}) => {
    const key = `u${++seq.current}`
    const form = new FormData()
    // Fields before the file: the server reads them as the form streams in.
    for (const [name, value] of Object.entries(replaces ? release : {})) form.append(name, value)
    form.append("file", file, file.name)
    if (!replaces) form.append("title", file.name)
    const path = replaces ? `/admin/digital-assets/${replaces.id}/file` : `/admin/digital-assets`
    const handle = uploadWithProgress<{ digital_asset: DigitalAsset }>(path, form, (progress) => patch(key, { progress }))
    setUploads((list) => [
      ...list,
      { key, name: file.name, size: file.size, progress: 0, phase: "uploading", replaces: replaces?.id, abort: handle.abort },
    ])
    try {
      const { digital_asset } = await handle.promise
      if (replaces) {
        await refresh()
      } else {
        patch(key, { phase: "attaching" })
        // Refreshes the variant's views once attached.
        await attach.mutateAsync({ assetId: digital_asset.id, op: "add" })
      }
      toast.success(replaces ? (release.version_label ? `Release ${release.version_label} published` : "New release published") : "File uploaded", {
        // Top right, where Medusa's own toasts go: the default (bottom right) covered the Save button of a
        // drawer opened meanwhile (the merchant often renames a file right after uploading it).
        position: UPLOAD_TOAST_POSITION,
        description: replaces
          ? `${replaces.filename}: version ${digital_asset.version}, served by every existing link.`
          : `${digital_asset.filename} (${formatBytes(digital_asset.size)}) is sold with this variant.`,
      })
    } catch (err) {
      toast.error(replaces ? "Could not publish the release" : `Could not upload ${file.name}`, {
        position: UPLOAD_TOAST_POSITION,
        description: errorMessage(err),
      })
    } finally {
      drop(key)
    }
  }

  return { uploads, start }
}
