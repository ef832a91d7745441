// data-testids: dd-history-drawer, dd-history-row, dd-history-empty
import { Badge, Drawer, Table, Text } from "@medusajs/ui"
import { useGrant } from "../../hooks/api"
import { formatBytes, formatDateTime, formatUsage } from "../../lib/format"
import type { DownloadGrant } from "../../lib/types"
import { TableHeader } from "../common/table-header"
import { QueryState, StateText } from "../common/query-state"
import { OutcomeBadge } from "../common/status-badges"

/** A grant's usage and bytes sent, and its last 50 download attempts: time, IP, outcome, bytes sent, range. */
export const GrantHistoryDrawer = ({ grant, onClose }: { grant: DownloadGrant | null; onClose: () => void }) => {
  const query = useGrant(grant?.id ?? null)
  const { data } = query
  const events = data?.download_grant.download_events ?? []
  // The fresh copy once loaded (its usage includes the latest downloads), the list's row until then.
  const current = data?.download_grant ?? grant

  return (
    <Drawer open={!!grant} onOpenChange={(open) => !open && onClose()}>
      <Drawer.Content data-testid="dd-history-drawer" style={{ maxWidth: "min(760px, calc(100% - 16px))" }}>
        <Drawer.Header>
          <Drawer.Title>Download history</Drawer.Title>
          <Drawer.Description asChild>
            <Text size="small" className="text-ui-fg-subtle">
              {grant?.asset.filename} · {current && `downloads used: ${formatUsage(current.downloads_used, current.max_downloads)}`} ·{" "}
              {current && `${formatBytes(current.bytes_sent)} sent`} · last 50 attempts
            </Text>
          </Drawer.Description>
        </Drawer.Header>
        <Drawer.Body className="overflow-y-auto p-0">
          <QueryState
            query={query}
            empty={events.length === 0 && <StateText testId="dd-history-empty">No download attempts yet.</StateText>}
          >
            <Table>
              <TableHeader columns={["Time", "Outcome", "IP", "Bytes sent", "Range"]} />
              <Table.Body>
                {events.map((e) => (
                  <Table.Row key={e.id} data-testid="dd-history-row" title={e.user_agent ?? undefined}>
                    <Table.Cell className="whitespace-nowrap">{formatDateTime(e.created_at)}</Table.Cell>
                    <Table.Cell>
                      <div className="flex items-center gap-x-1">
                        <OutcomeBadge outcome={e.outcome} />
                        {e.counted && <Badge size="2xsmall">counted</Badge>}
                      </div>
                    </Table.Cell>
                    <Table.Cell className="whitespace-nowrap font-mono text-xs">{e.ip ?? "—"}</Table.Cell>
                    <Table.Cell className="whitespace-nowrap tabular-nums" title={e.bytes_sent == null ? undefined : `${Number(e.bytes_sent).toLocaleString()} bytes`}>
                      {formatBytes(e.bytes_sent)}
                    </Table.Cell>
                    <Table.Cell className="whitespace-nowrap pr-6 font-mono text-xs">{e.range ?? "—"}</Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </QueryState>
        </Drawer.Body>
      </Drawer.Content>
    </Drawer>
  )
}
