// data-testids: dd-history-drawer, dd-history-row (data-kind="download" | "activity"), dd-history-actor, dd-history-empty, dd-history-more
import { Badge, Button, Drawer, Table, Text } from "@medusajs/ui"
import { useGrant, useGrantHistory } from "../../hooks/api"
import { activityActor, activityDetail, formatBytes, formatDateTime, formatUsage } from "../../lib/format"
import type { DownloadGrant, GrantHistoryEntry } from "../../lib/types"
import { TableHeader } from "../common/table-header"
import { QueryState, StateText } from "../common/query-state"
import { ActivityBadge, OutcomeBadge } from "../common/status-badges"

/**
 * A grant's usage and bytes sent, and its whole story newest first: download
 * attempts (IP, bytes sent, range) interleaved with the actions taken on it
 * (who: the Admin user's email, or System for the plugin's own; what changed).
 * 50 entries at a time, "Load older" for the next page.
 */
export const GrantHistoryDrawer = ({ grant, onClose }: { grant: DownloadGrant | null; onClose: () => void }) => {
  const { data } = useGrant(grant?.id ?? null)
  const history = useGrantHistory(grant?.id ?? null)
  const entries = history.data?.pages.flatMap((p) => p.history) ?? []
  // The fresh copy once loaded (its usage includes the latest downloads), the list's row until then.
  const current = data?.download_grant ?? grant

  return (
    <Drawer open={!!grant} onOpenChange={(open) => !open && onClose()}>
      <Drawer.Content data-testid="dd-history-drawer" style={{ maxWidth: "min(860px, calc(100% - 16px))" }}>
        <Drawer.Header>
          <Drawer.Title>History</Drawer.Title>
          <Drawer.Description asChild>
            <Text size="small" className="text-ui-fg-subtle">
              {grant?.asset.filename} · {current && `downloads used: ${formatUsage(current.downloads_used, current.max_downloads)}`} ·{" "}
              {current && `${formatBytes(current.bytes_sent)} sent`} · downloads and actions, newest first
            </Text>
          </Drawer.Description>
        </Drawer.Header>
        <Drawer.Body className="overflow-y-auto p-0">
          <QueryState
            query={history}
            empty={entries.length === 0 && <StateText testId="dd-history-empty">Nothing happened to this file yet.</StateText>}
          >
            <Table>
              <TableHeader columns={["Time", "Event", "By / IP", "Details"]} />
              <Table.Body>
                {entries.map((e) => (
                  <HistoryRow key={e.id} entry={e} />
                ))}
              </Table.Body>
            </Table>
            {history.hasNextPage && (
              <div className="flex justify-center px-6 py-4">
                <Button
                  size="small"
                  variant="secondary"
                  data-testid="dd-history-more"
                  isLoading={history.isFetchingNextPage}
                  onClick={() => history.fetchNextPage()}
                >
                  Load older
                </Button>
              </div>
            )}
          </QueryState>
        </Drawer.Body>
      </Drawer.Content>
    </Drawer>
  )
}

const HistoryRow = ({ entry: e }: { entry: GrantHistoryEntry }) => {
  if (e.kind === "activity") {
    return (
      <Table.Row data-testid="dd-history-row" data-kind="activity">
        <Table.Cell className="whitespace-nowrap">{formatDateTime(e.created_at)}</Table.Cell>
        <Table.Cell>
          <ActivityBadge action={e.action} failed={e.action === "email_sent" && e.details?.status === "failed"} />
        </Table.Cell>
        <Table.Cell className="whitespace-nowrap" data-testid="dd-history-actor">
          {activityActor(e)}
        </Table.Cell>
        <Table.Cell className="pr-6 text-ui-fg-subtle">{activityDetail(e) || "—"}</Table.Cell>
      </Table.Row>
    )
  }
  const bytes = e.bytes_sent == null ? null : Number(e.bytes_sent)
  return (
    <Table.Row data-testid="dd-history-row" data-kind="download" title={e.user_agent ?? undefined}>
      <Table.Cell className="whitespace-nowrap">{formatDateTime(e.created_at)}</Table.Cell>
      <Table.Cell>
        <div className="flex items-center gap-x-1">
          <OutcomeBadge outcome={e.outcome} />
          {e.counted && <Badge size="2xsmall">counted</Badge>}
        </div>
      </Table.Cell>
      <Table.Cell className="whitespace-nowrap font-mono text-xs">{e.ip ?? "—"}</Table.Cell>
      <Table.Cell className="whitespace-nowrap pr-6 tabular-nums" title={bytes == null ? undefined : `${bytes.toLocaleString()} bytes`}>
        {bytes == null ? "—" : `${formatBytes(bytes)} sent`}
        {e.range && <span className="text-ui-fg-subtle font-mono text-xs"> · {e.range}</span>}
      </Table.Cell>
    </Table.Row>
  )
}
