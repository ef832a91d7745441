// data-testids: dd-grant-usage, dd-grant-last-download, dd-grant-expiry
import { Table, Text } from "@medusajs/ui"
import { formatDate, formatDateTime, formatExpiry, formatUsage } from "../../lib/format"
import type { DownloadGrant } from "../../lib/types"

/**
 * The file's name, in the column that takes the width the other columns leave
 * (max-width 0 + width 100%) and truncated there: grant tables fit their card at laptop widths.
 */
export const GrantFileCell = ({ grant }: { grant: DownloadGrant }) => (
  // min-width: on a phone the name stays readable; the table scrolls sideways in its card instead.
  <Table.Cell style={{ maxWidth: 0, width: "100%", minWidth: 120 }}>
    <Text size="small" weight="plus" className="truncate" title={grant.asset.filename}>
      {grant.asset.filename}
    </Text>
  </Table.Cell>
)

/** Copies used of the limit, with the last download under it (its date; the time in the tooltip). */
export const GrantUsageCell = ({ grant }: { grant: DownloadGrant }) => (
  <Table.Cell className="whitespace-nowrap">
    <div className="flex flex-col">
      <span className="tabular-nums" data-testid="dd-grant-usage">
        {formatUsage(grant.downloads_used, grant.max_downloads)}
      </span>
      <Text
        size="xsmall"
        className="text-ui-fg-muted"
        title={grant.last_download_at ? `Last download ${formatDateTime(grant.last_download_at)}` : undefined}
        data-testid="dd-grant-last-download"
      >
        {grant.last_download_at ? `Last ${formatDate(grant.last_download_at)}` : "Never downloaded"}
      </Text>
    </div>
  </Table.Cell>
)

/** When the grant's links stop working ("Never" when they do not). */
export const GrantExpiryCell = ({ grant }: { grant: DownloadGrant }) => (
  <Table.Cell className="whitespace-nowrap" data-testid="dd-grant-expiry">
    {formatExpiry(grant.expires_at)}
  </Table.Cell>
)
