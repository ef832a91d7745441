// data-testids: dd-expiry-drawer, dd-expiry-date, dd-expiry-never, dd-expiry-save,
// dd-limit-drawer, dd-limit-input, dd-limit-save
import { Checkbox, DatePicker, Label, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useUpdateGrant } from "../../hooks/api"
import { formatCount, formatDate, formatDownloadsUsed, parseOptionalInt } from "../../lib/format"
import type { DownloadGrant } from "../../lib/types"
import { DrawerForm, saveFeedback } from "../common/drawer-form"
import { Field, FormError, InputField } from "../common/field"

type GrantDrawerProps = { grant: DownloadGrant | null; orderId?: string; onClose: () => void }

function endOfDay(d: Date): Date {
  const out = new Date(d)
  out.setHours(23, 59, 59, 0)
  return out
}

/** Changes when a grant's links stop working (end of the chosen day), or "never". */
export const ExpiryDrawer = ({ grant, orderId, onClose }: GrantDrawerProps) => {
  const update = useUpdateGrant(orderId)
  const [date, setDate] = useState<Date | null>(null)
  const [never, setNever] = useState(false)

  useEffect(() => {
    if (!grant) return
    setNever(grant.expires_at == null)
    setDate(grant.expires_at ? new Date(grant.expires_at) : new Date(Date.now() + 30 * 86_400_000))
  }, [grant])

  const submit = () => {
    if (!grant) return
    if (!never && !date) return toast.error("Pick a date, or choose “Never expires”")
    const expires_at = never ? null : endOfDay(date!).toISOString()
    update.mutate(
      { id: grant.id, expires_at },
      saveFeedback({
        success: "Expiry changed",
        description: `${grant.asset.filename}: ${expires_at ? `links work until ${formatDate(expires_at)}` : "links never expire"}.`,
        failure: "Could not change the expiry",
        onClose,
      })
    )
  }

  return (
    <DrawerForm
      open={!!grant}
      onClose={onClose}
      title="Change expiry"
      description={`${grant?.asset.filename ?? ""} — applies at once to links already sent.`}
      onSubmit={submit}
      isPending={update.isPending}
      testId="dd-expiry-drawer"
      submitTestId="dd-expiry-save"
    >
      <Field label="Links work until (end of day)" labelId="dd-expiry-date-label" testId="dd-expiry-date">
        <DatePicker aria-labelledby="dd-expiry-date-label" value={date} onChange={setDate} isDisabled={never} minValue={new Date()} />
      </Field>
      <div className="flex items-center gap-x-2">
        <Checkbox id="dd-expiry-never" data-testid="dd-expiry-never" checked={never} onCheckedChange={(v) => setNever(v === true)} />
        <Label htmlFor="dd-expiry-never" size="small">
          Never expires
        </Label>
      </div>
    </DrawerForm>
  )
}

/** Changes a grant's download limit (empty = unlimited). */
export const LimitDrawer = ({ grant, orderId, onClose }: GrantDrawerProps) => {
  const update = useUpdateGrant(orderId)
  const [value, setValue] = useState("")
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    if (!grant) return
    setValue(grant.max_downloads?.toString() ?? "")
    setError(null)
  }, [grant])

  const submit = () => {
    if (!grant) return
    const max = parseOptionalInt(value)
    if (max === undefined) return setError("A whole number of at least 1, or empty for unlimited.")
    setError(null)
    update.mutate(
      { id: grant.id, max_downloads: max },
      saveFeedback({
        success: "Download limit changed",
        description: `${grant.asset.filename}: ${max == null ? "unlimited" : formatCount("downloads", max)}.`,
        failure: "Could not change the limit",
        onClose,
        setError,
      })
    )
  }

  return (
    <DrawerForm
      open={!!grant}
      onClose={onClose}
      title="Change download limit"
      description={`${grant?.asset.filename ?? ""} — ${formatDownloadsUsed(grant?.downloads_used)} so far.`}
      onSubmit={submit}
      isPending={update.isPending}
      testId="dd-limit-drawer"
      submitTestId="dd-limit-save"
      bodyClassName="gap-y-2"
    >
      <InputField
        id="dd-limit-input"
        label="Max downloads"
        hint="Leave empty for unlimited downloads."
        type="number"
        min={1}
        placeholder="Unlimited"
        value={value}
        onChange={setValue}
      />
      <FormError error={error} />
    </DrawerForm>
  )
}
