// data-testids: dd-expiry-drawer, dd-expiry-date, dd-expiry-never, dd-expiry-save,
// dd-limit-drawer, dd-limit-input, dd-limit-save
import { Button, Checkbox, DatePicker, Drawer, Input, Label, Text, toast } from "@medusajs/ui"
import { useEffect, useState, type FormEvent } from "react"
import { formatDate, formatDownloadsUsed, parseOptionalInt } from "../lib/format"
import { useUpdateGrant } from "../lib/queries"
import { errorMessage } from "../lib/sdk"
import type { DownloadGrant } from "../lib/types"

function endOfDay(d: Date): Date {
  const out = new Date(d)
  out.setHours(23, 59, 59, 0)
  return out
}

/** Changes when a grant's links stop working (end of the chosen day), or "never". */
export const ExpiryDrawer = ({ grant, orderId, onClose }: { grant: DownloadGrant | null; orderId?: string; onClose: () => void }) => {
  const update = useUpdateGrant(orderId)
  const [date, setDate] = useState<Date | null>(null)
  const [never, setNever] = useState(false)

  useEffect(() => {
    if (!grant) return
    setNever(grant.expires_at == null)
    setDate(grant.expires_at ? new Date(grant.expires_at) : new Date(Date.now() + 30 * 86_400_000))
  }, [grant])

  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!grant) return
    if (!never && !date) return toast.error("Pick a date, or choose “Never expires”")
    const expires_at = never ? null : endOfDay(date!).toISOString()
    update.mutate(
      { id: grant.id, expires_at },
      {
        onSuccess: () => {
          toast.success("Expiry changed", {
            description: `${grant.asset.filename}: ${expires_at ? `links work until ${formatDate(expires_at)}` : "links never expire"}.`,
          })
          onClose()
        },
        onError: (err) => toast.error("Could not change the expiry", { description: errorMessage(err) }),
      }
    )
  }

  return (
    <Drawer open={!!grant} onOpenChange={(o) => !o && onClose()}>
      <Drawer.Content data-testid="dd-expiry-drawer">
        <form onSubmit={submit} className="flex h-full flex-col">
          <Drawer.Header>
            <Drawer.Title>Change expiry</Drawer.Title>
            <Drawer.Description asChild>
              <Text size="small" className="text-ui-fg-subtle">
                {grant?.asset.filename} — applies at once to links already sent.
              </Text>
            </Drawer.Description>
          </Drawer.Header>
          <Drawer.Body className="flex flex-col gap-y-6">
            <div className="flex flex-col gap-y-2" data-testid="dd-expiry-date">
              <Label size="small" weight="plus" id="dd-expiry-date-label">
                Links work until (end of day)
              </Label>
              <DatePicker
                aria-labelledby="dd-expiry-date-label"
                value={date}
                onChange={setDate}
                isDisabled={never}
                minValue={new Date()}
              />
            </div>
            <div className="flex items-center gap-x-2">
              <Checkbox
                id="dd-expiry-never"
                data-testid="dd-expiry-never"
                checked={never}
                onCheckedChange={(v) => setNever(v === true)}
              />
              <Label htmlFor="dd-expiry-never" size="small">
                Never expires
              </Label>
            </div>
          </Drawer.Body>
          <Drawer.Footer>
            <Drawer.Close asChild>
              <Button size="small" variant="secondary" type="button">
                Cancel
              </Button>
            </Drawer.Close>
            <Button size="small" type="submit" isLoading={update.isPending} data-testid="dd-expiry-save">
              Save
            </Button>
          </Drawer.Footer>
        </form>
      </Drawer.Content>
    </Drawer>
  )
}

/** Changes a grant's download limit (empty = unlimited). */
export const LimitDrawer = ({ grant, orderId, onClose }: { grant: DownloadGrant | null; orderId?: string; onClose: () => void }) => {
  const update = useUpdateGrant(orderId)
  const [value, setValue] = useState("")
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    if (!grant) return
    setValue(grant.max_downloads?.toString() ?? "")
    setError(null)
  }, [grant])

  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!grant) return
    const max = parseOptionalInt(value)
    if (max === undefined) return setError("A whole number of at least 1, or empty for unlimited.")
    setError(null)
    update.mutate(
      { id: grant.id, max_downloads: max },
      {
        onSuccess: () => {
          toast.success("Download limit changed", {
            description: `${grant.asset.filename}: ${max == null ? "unlimited" : `${max} downloads`}.`,
          })
          onClose()
        },
        onError: (err) => {
          setError(errorMessage(err))
          toast.error("Could not change the limit", { description: errorMessage(err) })
        },
      }
    )
  }

  return (
    <Drawer open={!!grant} onOpenChange={(o) => !o && onClose()}>
      <Drawer.Content data-testid="dd-limit-drawer">
        <form onSubmit={submit} className="flex h-full flex-col">
          <Drawer.Header>
            <Drawer.Title>Change download limit</Drawer.Title>
            <Drawer.Description asChild>
              <Text size="small" className="text-ui-fg-subtle">
                {grant?.asset.filename} — {formatDownloadsUsed(grant?.downloads_used)} so far.
              </Text>
            </Drawer.Description>
          </Drawer.Header>
          <Drawer.Body className="flex flex-col gap-y-2">
            <Label htmlFor="dd-limit-input" size="small" weight="plus">
              Max downloads
            </Label>
            <Input
              id="dd-limit-input"
              data-testid="dd-limit-input"
              type="number"
              min={1}
              placeholder="Unlimited"
              value={value}
              onChange={(e) => setValue(e.target.value)}
            />
            <Text size="xsmall" className="text-ui-fg-subtle">
              Leave empty for unlimited downloads.
            </Text>
            {error && (
              <Text size="small" className="text-ui-fg-error" role="alert">
                {error}
              </Text>
            )}
          </Drawer.Body>
          <Drawer.Footer>
            <Drawer.Close asChild>
              <Button size="small" variant="secondary" type="button">
                Cancel
              </Button>
            </Drawer.Close>
            <Button size="small" type="submit" isLoading={update.isPending} data-testid="dd-limit-save">
              Save
            </Button>
          </Drawer.Footer>
        </form>
      </Drawer.Content>
    </Drawer>
  )
}
