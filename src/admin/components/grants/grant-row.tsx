// data-testids: dd-grant-row, dd-grant-status, dd-grant-actions (cells: grant-cells.tsx),
// dd-copy-link, dd-history, dd-toggle-enabled, dd-reset-count, dd-change-expiry, dd-change-limit, dd-regenerate, dd-revoke
import { ArrowPath, Calendar, EllipsisHorizontal, History, PauseSolid, PlaySolid, ReceiptPercent, SquareTwoStack, XCircle } from "@medusajs/icons"
import { DropdownMenu, IconButton, Table, toast, usePrompt } from "@medusajs/ui"
import { useGrantCommand, useUpdateGrant } from "../../hooks/api"
import { copyText } from "../../lib/format"
import { errorMessage } from "../../lib/sdk"
import type { DownloadGrant } from "../../lib/types"
import { GrantStatusBadge } from "../common/status-badges"
import { GrantExpiryCell, GrantFileCell, GrantUsageCell } from "./grant-cells"

export type GrantPanel = "expiry" | "limit" | "history"

/** The grant table's columns, matching GrantRow's cells ("": the actions menu). */
export const GRANT_COLUMNS = ["File", "State", "Downloads", "Expires", ""]

/** The "…" cell stays at the right edge of a table scrolled sideways (a phone): inline, the host's Tailwind may not scan plugin classes. */
export const STICKY_ACTIONS = { position: "sticky", right: 0, zIndex: 1 } as const

/** One file of an order: name, state, usage (with the last download under it), expiry, and its actions in a menu. */
export const GrantRow = ({ grant, orderId, onOpen }: { grant: DownloadGrant; orderId: string; onOpen: (panel: GrantPanel) => void }) => (
  <Table.Row data-testid="dd-grant-row" data-grant-id={grant.id} data-status={grant.status}>
    <GrantFileCell grant={grant} />
    <Table.Cell>
      <GrantStatusBadge status={grant.status} />
    </Table.Cell>
    <GrantUsageCell grant={grant} />
    <GrantExpiryCell grant={grant} />
    <Table.Cell className="bg-ui-bg-base pr-6 text-right" style={STICKY_ACTIONS}>
      <GrantActions grant={grant} orderId={orderId} onOpen={onOpen} />
    </Table.Cell>
  </Table.Row>
)

/** The grant's actions, as Medusa's tables put them: one "…" menu per row. */
const GrantActions = ({ grant, orderId, onOpen }: { grant: DownloadGrant; orderId: string; onOpen: (panel: GrantPanel) => void }) => {
  const prompt = usePrompt()
  const update = useUpdateGrant(orderId)
  const revoke = useGrantCommand("revoke", orderId)
  const regenerate = useGrantCommand("regenerate-link", orderId)
  const revoked = grant.status === "revoked"
  const name = grant.asset.filename

  const copyLink = async (url: string) => {
    try {
      await copyText(url)
      toast.success("Download link copied", { description: name })
    } catch (err) {
      toast.error("Could not copy the link", { description: errorMessage(err) })
    }
  }

  const toggleEnabled = () =>
    update.mutate(
      { id: grant.id, enabled: !grant.enabled },
      {
        onSuccess: () => toast.success(grant.enabled ? "Download disabled" : "Download enabled", { description: name }),
        onError: (err) => toast.error("Could not change the download", { description: errorMessage(err) }),
      }
    )

  const resetCount = () =>
    update.mutate(
      { id: grant.id, downloads_used: 0 },
      {
        onSuccess: () => toast.success("Download counter reset", { description: `${name}: 0 / ${grant.max_downloads ?? "∞"}` }),
        onError: (err) => toast.error("Could not reset the counter", { description: errorMessage(err) }),
      }
    )

  const onRegenerate = async () => {
    const ok = await prompt({
      title: "Regenerate the download link?",
      description: `Every link sent so far for "${name}" will stop working. Send the new link to the buyer (copy it, or resend the email).`,
      confirmText: "Regenerate",
      cancelText: "Cancel",
    })
    if (!ok) return
    regenerate.mutate(grant.id, {
      onSuccess: (res) =>
        toast.success("New link generated", {
          description: "The old links answer 404 now.",
          action: { label: "Copy", altText: "Copy the new link", onClick: () => void copyLink(res.download_grant.download_url) },
        }),
      onError: (err) => toast.error("Could not regenerate the link", { description: errorMessage(err) }),
    })
  }

  const onRevoke = async () => {
    const ok = await prompt({
      title: "Revoke this download?",
      description: `The buyer will no longer be able to download "${name}". This cannot be undone.`,
      confirmText: "Revoke",
      cancelText: "Cancel",
    })
    if (!ok) return
    revoke.mutate(grant.id, {
      onSuccess: () => toast.success("Download revoked", { description: name }),
      onError: (err) => toast.error("Could not revoke the download", { description: errorMessage(err) }),
    })
  }

  return (
    <DropdownMenu>
      <DropdownMenu.Trigger asChild>
        <IconButton size="small" variant="transparent" aria-label={`Actions for ${name}`} data-testid="dd-grant-actions">
          <EllipsisHorizontal />
        </IconButton>
      </DropdownMenu.Trigger>
      <DropdownMenu.Content align="end">
        <DropdownMenu.Item className="gap-x-2" disabled={revoked} onSelect={() => void copyLink(grant.download_url)} data-testid="dd-copy-link">
          <SquareTwoStack className="text-ui-fg-subtle" />
          Copy download link
        </DropdownMenu.Item>
        <DropdownMenu.Item className="gap-x-2" onSelect={() => onOpen("history")} data-testid="dd-history">
          <History className="text-ui-fg-subtle" />
          Download history
        </DropdownMenu.Item>
        <DropdownMenu.Separator />
        <DropdownMenu.Item className="gap-x-2" disabled={revoked} onSelect={toggleEnabled} data-testid="dd-toggle-enabled">
          {grant.enabled ? <PauseSolid className="text-ui-fg-subtle" /> : <PlaySolid className="text-ui-fg-subtle" />}
          {grant.enabled ? "Disable" : "Enable"}
        </DropdownMenu.Item>
        <DropdownMenu.Item className="gap-x-2" disabled={revoked || !(grant.downloads_used > 0)} onSelect={resetCount} data-testid="dd-reset-count">
          <ArrowPath className="text-ui-fg-subtle" />
          Reset download counter
        </DropdownMenu.Item>
        <DropdownMenu.Item className="gap-x-2" disabled={revoked} onSelect={() => onOpen("expiry")} data-testid="dd-change-expiry">
          <Calendar className="text-ui-fg-subtle" />
          Change expiry
        </DropdownMenu.Item>
        <DropdownMenu.Item className="gap-x-2" disabled={revoked} onSelect={() => onOpen("limit")} data-testid="dd-change-limit">
          <ReceiptPercent className="text-ui-fg-subtle" />
          Change download limit
        </DropdownMenu.Item>
        <DropdownMenu.Separator />
        <DropdownMenu.Item className="gap-x-2" disabled={revoked} onSelect={() => void onRegenerate()} data-testid="dd-regenerate">
          <ArrowPath className="text-ui-fg-subtle" />
          Regenerate link
        </DropdownMenu.Item>
        <DropdownMenu.Item className="gap-x-2" disabled={revoked} onSelect={() => void onRevoke()} data-testid="dd-revoke">
          <XCircle className="text-ui-fg-subtle" />
          Revoke
        </DropdownMenu.Item>
      </DropdownMenu.Content>
    </DropdownMenu>
  )
}
