// data-testids: dd-asset-drawer, dd-asset-filename, dd-asset-title, dd-asset-url,
// dd-asset-max-downloads, dd-asset-validity-days, dd-asset-save (and StampSection's for PDFs)
import { Text } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useUpdateAsset, type AssetUpdate } from "../../hooks/api"
import { parseOptionalInt } from "../../lib/format"
import type { DigitalAsset } from "../../lib/types"
import { DrawerForm, saveFeedback } from "../common/drawer-form"
import { FormError, InputField } from "../common/field"
import { StampSection } from "./stamp-section"

const limitInput = { type: "number", min: 1, placeholder: "Store default", hint: "Empty = store default." }

type Props = { variantId: string; asset: DigitalAsset | null; onClose: () => void }

/** Edits an asset: customer-facing file name, internal title, link URL, per-file limit and validity overrides. */
export const AssetEditDrawer = ({ variantId, asset, onClose }: Props) => {
  const update = useUpdateAsset(variantId)
  const [filename, setFilename] = useState("")
  const [title, setTitle] = useState("")
  const [url, setUrl] = useState("")
  const [maxDownloads, setMaxDownloads] = useState("")
  const [validityDays, setValidityDays] = useState("")
  const [stamp, setStamp] = useState(false)
  const [stampTemplate, setStampTemplate] = useState("")
  const [error, setError] = useState<string | null>(null)
  const isPdf = asset?.kind === "file" && asset.mime_type === "application/pdf"

  useEffect(() => {
    if (!asset) return
    setFilename(asset.filename)
    setTitle(asset.title)
    setUrl(asset.external_url ?? "")
    setMaxDownloads(asset.max_downloads?.toString() ?? "")
    setValidityDays(asset.validity_days?.toString() ?? "")
    setStamp(asset.stamp_pdf)
    setStampTemplate(asset.stamp_template ?? "")
    setError(null)
  }, [asset])

  const submit = () => {
    if (!asset) return
    const max = parseOptionalInt(maxDownloads)
    const days = parseOptionalInt(validityDays, { max: 36_500 })
    if (!filename.trim()) return setError("The file name cannot be empty.")
    if (max === undefined) return setError("Max downloads: a whole number of at least 1, or empty for the store default.")
    if (days === undefined) return setError("Validity: a number of days between 1 and 36500, or empty for the store default.")
    const body: AssetUpdate = { filename: filename.trim(), title: title.trim() || filename.trim(), max_downloads: max, validity_days: days }
    if (asset.kind === "external_link") body.external_url = url.trim()
    if (isPdf) {
      body.stamp_pdf = stamp
      body.stamp_template = stampTemplate.trim() || null
    }
    setError(null)
    update.mutate(
      { id: asset.id, ...body },
      saveFeedback({
        success: "File updated",
        // The name the server saved: it makes names safe ("../../etc/passwd" → "_._etc_passwd").
        description: ({ digital_asset: saved }: { digital_asset: DigitalAsset }) =>
          saved.filename === body.filename
            ? `${saved.filename} — existing links keep working.`
            : `Saved as "${saved.filename}" (some characters cannot be in a file name) — existing links keep working.`,
        failure: "Could not update the file",
        onClose,
        setError,
      })
    )
  }

  return (
    <DrawerForm
      open={!!asset}
      onClose={onClose}
      title="Edit digital file"
      description="Name, link and download limits of this file"
      hideDescription
      onSubmit={submit}
      isPending={update.isPending}
      testId="dd-asset-drawer"
      submitTestId="dd-asset-save"
    >
      <InputField
        id="dd-asset-filename"
        label="File name (seen by customers)"
        hint="Renaming never breaks links already sent."
        value={filename}
        onChange={setFilename}
      />
      <InputField id="dd-asset-title" label="Title (internal)" value={title} onChange={setTitle} />
      {asset?.kind === "external_link" && <InputField id="dd-asset-url" label="URL" type="url" value={url} onChange={setUrl} />}
      <div className="grid grid-cols-2 gap-4">
        {/* Empty = the store's default (placeholder), shown by both limit fields. */}
        <InputField id="dd-asset-max" testId="dd-asset-max-downloads" label="Max downloads" {...limitInput} value={maxDownloads} onChange={setMaxDownloads} />
        <InputField id="dd-asset-days" testId="dd-asset-validity-days" label="Validity (days)" {...limitInput} value={validityDays} onChange={setValidityDays} />
      </div>
      <Text size="small" className="text-ui-fg-subtle">
        Limits apply to orders delivered from now on; change existing downloads from the order page.
      </Text>
      {isPdf && <StampSection stamp={stamp} onStamp={setStamp} template={stampTemplate} onTemplate={setStampTemplate} />}
      <FormError error={error} testId="dd-asset-error" />
    </DrawerForm>
  )
}
