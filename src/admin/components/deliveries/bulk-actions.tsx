// data-testids: dd-bulk-bar, dd-bulk-enable, dd-bulk-disable, dd-bulk-extend, dd-bulk-revoke,
// dd-extend-dialog, dd-extend-days, dd-extend-confirm
import { CommandBar, Input, Prompt, toast, usePrompt } from "@medusajs/ui"
import { useMemo, useState } from "react"
import { useBatchOrders } from "../../hooks/api"
import { formatCount } from "../../lib/format"
import { errorMessage } from "../../lib/sdk"
import type { BatchAction } from "../../lib/types"
import { Field } from "../common/field"

const ACTION_DONE: Record<BatchAction, string> = {
  enable: "Downloads enabled",
  disable: "Downloads disabled",
  extend: "Expiry extended",
  revoke: "Downloads revoked",
}

/** The command bar shown while orders are selected: enable, disable, extend, revoke. */
export const BulkActions = ({ selected, onDone }: { selected: Set<string>; onDone: () => void }) => {
  const prompt = usePrompt()
  const batch = useBatchOrders()
  const [extendOpen, setExtendOpen] = useState(false)
  const [days, setDays] = useState("30")
  const ids = useMemo(() => [...selected], [selected])
  const n = ids.length
  const orders = formatCount("orders", n)

  const run = (action: BatchAction, extra?: { days: number }) =>
    batch.mutate(
      { order_ids: ids, action, ...extra },
      {
        onSuccess: () => {
          toast.success(ACTION_DONE[action], {
            description: action === "extend" ? `${orders}: +${formatCount("days", extra?.days ?? 0)}` : orders,
          })
          onDone()
        },
        onError: (err) => toast.error(`Could not ${action} the downloads`, { description: errorMessage(err) }),
      }
    )

  const onRevoke = async () => {
    const ok = await prompt({
      title: `Revoke the downloads of ${orders}?`,
      description: "Every file of the selected orders stops downloading for good. This cannot be undone.",
      confirmText: "Revoke",
      cancelText: "Cancel",
    })
    if (ok) run("revoke")
  }

  const daysValue = /^\d+$/.test(days.trim()) ? Number(days) : NaN
  const daysValid = daysValue >= 1 && daysValue <= 36_500

  return (
    <>
      <CommandBar open={n > 0 && !extendOpen}>
        <CommandBar.Bar data-testid="dd-bulk-bar">
          <CommandBar.Value>{n} selected</CommandBar.Value>
          <CommandBar.Seperator />
          <CommandBar.Command action={() => run("enable")} label="Enable" shortcut="e" data-testid="dd-bulk-enable" disabled={batch.isPending} />
          <CommandBar.Seperator />
          <CommandBar.Command action={() => run("disable")} label="Disable" shortcut="d" data-testid="dd-bulk-disable" disabled={batch.isPending} />
          <CommandBar.Seperator />
          <CommandBar.Command action={() => setExtendOpen(true)} label="Extend" shortcut="x" data-testid="dd-bulk-extend" disabled={batch.isPending} />
          <CommandBar.Seperator />
          <CommandBar.Command action={() => void onRevoke()} label="Revoke" shortcut="r" data-testid="dd-bulk-revoke" disabled={batch.isPending} />
        </CommandBar.Bar>
      </CommandBar>

      <Prompt open={extendOpen} onOpenChange={setExtendOpen} variant="confirmation">
        <Prompt.Content data-testid="dd-extend-dialog">
          <Prompt.Header>
            <Prompt.Title>Extend the downloads of {orders}</Prompt.Title>
            <Prompt.Description>Adds days to each file's expiry, counted from today for files already expired. Files that never expire stay so.</Prompt.Description>
          </Prompt.Header>
          <div className="px-6 pb-6 pt-4">
            <Field id="dd-extend-days" label="Days">
              <Input
                id="dd-extend-days"
                data-testid="dd-extend-days"
                type="number"
                min={1}
                max={36500}
                value={days}
                onChange={(e) => setDays(e.target.value)}
                aria-invalid={!daysValid}
              />
            </Field>
          </div>
          <Prompt.Footer>
            <Prompt.Cancel>Cancel</Prompt.Cancel>
            <Prompt.Action
              data-testid="dd-extend-confirm"
              disabled={!daysValid}
              onClick={() => {
                if (daysValid) run("extend", { days: daysValue })
              }}
            >
              Extend
            </Prompt.Action>
          </Prompt.Footer>
        </Prompt.Content>
      </Prompt>
    </>
  )
}
