// data-testids: dd-releases-drawer, dd-keep-releases, dd-release-row (data-version, data-current),
// dd-release-file, dd-release-label, dd-release-notes, dd-release-extra, dd-release-notify, dd-release-publish, dd-release-error
import { Badge, Checkbox, Label, Switch, Text, Textarea, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useUpdateAsset } from "../../hooks/api"
import { formatBytes, formatDateTime } from "../../lib/format"
import { errorMessage } from "../../lib/sdk"
import type { AssetRelease, DigitalAsset } from "../../lib/types"
import { DrawerForm } from "../common/drawer-form"
import { Field, FormError, InputField } from "../common/field"
import { ReleaseAudience } from "./release-audience"

/** The fields of POST /admin/digital-assets/:id/file besides the file (multipart text fields). */
export type ReleaseFields = { version_label?: string; release_notes?: string; notify?: string; extra_downloads?: string }

type Props = {
  variantId: string
  asset: DigitalAsset | null
  onClose: () => void
  /** starts the upload (with its progress in the widget) of the new release */
  onPublish: (file: File, fields: ReleaseFields) => void
}

const releaseName = (r: AssetRelease) => r.version_label ?? `Version ${r.version}`

/** One release: its label (else "Version N"), "Current", date, size, extra downloads and notes. */
const ReleaseRow = ({ release, current }: { release: AssetRelease; current: boolean }) => (
  <li className="flex flex-col gap-y-1 border-b py-3 last:border-b-0" data-testid="dd-release-row" data-version={release.version} data-current={current}>
    <div className="flex items-center gap-x-2">
      <Text size="small" weight="plus">
        {releaseName(release)}
      </Text>
      {current && (
        <Badge size="2xsmall" color="green">
          Current
        </Badge>
      )}
    </div>
    <Text size="xsmall" className="text-ui-fg-subtle">
      {[formatDateTime(release.created_at), formatBytes(release.size), release.extra_downloads ? `+${release.extra_downloads} download${release.extra_downloads === 1 ? "" : "s"} for buyers` : null]
        .filter(Boolean)
        .join(" · ")}
    </Text>
    {release.release_notes && (
      <Text size="small" className="text-ui-fg-subtle whitespace-pre-wrap break-words" data-testid="dd-release-notes-text">
        {release.release_notes}
      </Text>
    )}
  </li>
)

/**
 * A file's releases (its file history, newest first), whether buyers may
 * download the earlier ones, and "Publish a new release": the file, a label,
 * notes, extra downloads for every current buyer, and whether to email them.
 */
export const ReleasesDrawer = ({ variantId, asset, onClose, onPublish }: Props) => {
  const update = useUpdateAsset(variantId)
  const [file, setFile] = useState<File | null>(null)
  const [label, setLabel] = useState("")
  const [notes, setNotes] = useState("")
  const [extra, setExtra] = useState("0")
  const [notify, setNotify] = useState(false)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    setFile(null)
    setLabel("")
    setNotes("")
    setExtra("0")
    setNotify(false)
    setError(null)
  }, [asset?.id])

  const releases = [...(asset?.versions ?? [])].sort((a, b) => b.version - a.version)

  const keep = (on: boolean) => {
    if (!asset) return
    update.mutateAsync({ id: asset.id, keep_earlier_releases: on }).then(
      () => toast.success(on ? "Earlier releases are downloadable" : "Only the current release is downloadable"),
      (err) => toast.error("Could not change the setting", { description: errorMessage(err) })
    )
  }

  const submit = () => {
    if (!asset) return
    if (!file) return setError("Choose the file of the new release.")
    if (label.trim().length > 100) return setError("Label: at most 100 characters.")
    if (notes.length > 10_000) return setError("Release notes: at most 10,000 characters.")
    if (!/^\d+$/.test(extra.trim()) || Number(extra) > 1000) return setError("Extra downloads: a whole number from 0 to 1000.")
    setError(null)
    const fields: ReleaseFields = { notify: String(notify), extra_downloads: String(Number(extra)) }
    if (label.trim()) fields.version_label = label.trim()
    if (notes.trim()) fields.release_notes = notes
    onPublish(file, fields)
    onClose()
  }

  return (
    <DrawerForm
      open={!!asset}
      onClose={onClose}
      title="Releases"
      description={asset ? `${asset.filename}: every file it had, and a new one` : ""}
      onSubmit={submit}
      isPending={false}
      submitLabel="Publish release"
      testId="dd-releases-drawer"
      submitTestId="dd-release-publish"
    >
      <div className="flex items-start gap-x-3">
        <Switch
          id="dd-keep-releases"
          data-testid="dd-keep-releases"
          checked={!!asset?.keep_earlier_releases}
          disabled={update.isPending}
          onCheckedChange={keep}
        />
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="dd-keep-releases" size="small" weight="plus">
            Buyers can also download earlier releases
          </Label>
          <Text size="xsmall" className="text-ui-fg-subtle">
            Off: buyers get the current release only. Either way every download counts against the same limit.
          </Text>
        </div>
      </div>

      <ul className="flex flex-col" data-testid="dd-release-list" aria-label="Releases">
        {releases.map((r) => (
          <ReleaseRow key={r.id} release={r} current={r.version === asset?.version} />
        ))}
      </ul>

      <div className="flex flex-col gap-y-4 border-t pt-6">
        <Text size="base" weight="plus">
          Publish a new release
        </Text>
        <Field id="dd-release-file" label="File" hint="Existing links serve it as soon as it is published.">
          <input
            id="dd-release-file"
            data-testid="dd-release-file"
            type="file"
            className="txt-small"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </Field>
        <InputField id="dd-release-label" label="Version label" placeholder="2.1.0, Second edition…" maxLength={100} value={label} onChange={setLabel} />
        <Field id="dd-release-notes" label="Release notes" hint="Plain text: a blank line starts a paragraph; web addresses become links.">
          <Textarea id="dd-release-notes" data-testid="dd-release-notes" rows={5} value={notes} onChange={(e) => setNotes(e.target.value)} />
        </Field>
        <InputField
          id="dd-release-extra"
          label="Extra downloads for every current buyer"
          hint="Added to the limit of each download that is neither revoked nor expired, so buyers who used theirs can get this release."
          type="number"
          min={0}
          max={1000}
          value={extra}
          onChange={setExtra}
        />
        <div className="flex flex-col gap-y-2">
          <div className="flex items-center gap-x-2">
            <Checkbox id="dd-release-notify" data-testid="dd-release-notify" checked={notify} onCheckedChange={(v) => setNotify(v === true)} />
            <Label htmlFor="dd-release-notify" size="small">
              Email buyers about this release
            </Label>
          </div>
          {asset && <ReleaseAudience assetId={asset.id} notify={notify} />}
        </div>
        <FormError error={error} testId="dd-release-error" />
      </div>
    </DrawerForm>
  )
}
