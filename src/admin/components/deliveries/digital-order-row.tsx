// data-testids: dd-order-row, dd-select-row, dd-order-link, dd-order-status
import { Badge, Checkbox, Table, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { formatCount, formatDate, formatDateTime, formatExpiry, formatUsage, orderNumber } from "../../lib/format"
import type { DigitalOrder } from "../../lib/types"
import { DigitalOrderBadge } from "../common/status-badges"

/**
 * The Downloads cell: the most used file's usage of its limit ("2 / 5"), and
 * how many files the order holds when more than one ("most used of 3 files"),
 * so it never reads as one limit for the whole order; "Revoked" when the
 * order holds no file any more.
 */
const OrderDownloads = ({ order }: { order: DigitalOrder }) => {
  if (!order.grant_count) return <>—</>
  if (!order.live_count) return <Text size="small" className="text-ui-fg-muted">Revoked</Text>
  return (
    <span data-testid="dd-order-downloads" title="Downloads used of the most used file and its limit">
      {formatUsage(order.top_downloads_used, order.top_max_downloads)}
      {order.live_count > 1 && <span className="text-ui-fg-muted"> · most used of {formatCount("files", order.live_count)}</span>}
    </span>
  )
}

/** "Next expiry": none for an order whose grants are all revoked; "Expired …" when every one has passed. */
const NextExpiry = ({ order }: { order: DigitalOrder }) => {
  if (!order.grant_count || !order.live_count) return <>—</>
  if (order.expires_at && new Date(order.expires_at).getTime() <= Date.now()) return <>Expired {formatDate(order.expires_at)}</>
  return <>{formatExpiry(order.expires_at)}</>
}

/** An order of the Digital deliveries list: its number, buyer, state, usage, next expiry and files by state. */
export const DigitalOrderRow = ({ order, checked, onCheck }: { order: DigitalOrder; checked: boolean; onCheck: (c: boolean) => void }) => {
  const number = orderNumber(order.display_id, order.order_id)
  const states = (
    [
      ["active", order.active_count, "green"],
      ["disabled", order.disabled_count, "grey"],
      ["expired", order.expired_count, "orange"],
      ["limit reached", order.exhausted_count, "purple"],
      ["revoked", order.revoked_count, "red"],
    ] as const
  ).filter(([, n]) => n > 0)

  return (
    <Table.Row data-testid="dd-order-row" data-order-id={order.order_id} className={checked ? "bg-ui-bg-highlight" : undefined}>
      <Table.Cell>
        <Checkbox
          aria-label={`Select order ${number}`}
          data-testid="dd-select-row"
          checked={checked}
          onCheckedChange={(v) => onCheck(v === true)}
        />
      </Table.Cell>
      <Table.Cell>
        <Link to={`/orders/${order.order_id}`} className="text-ui-fg-interactive txt-compact-small-plus hover:text-ui-fg-interactive-hover transition-fg" data-testid="dd-order-link">
          {number}
        </Link>
      </Table.Cell>
      <Table.Cell className="whitespace-nowrap" title={formatDateTime(order.placed_at)}>
        {formatDate(order.placed_at)}
      </Table.Cell>
      <Table.Cell>
        <span className="block max-w-[220px] truncate" title={order.email ?? undefined}>
          {order.email ?? "—"}
        </span>
      </Table.Cell>
      <Table.Cell>
        <DigitalOrderBadge order={order} />
      </Table.Cell>
      <Table.Cell className="tabular-nums whitespace-nowrap">
        <OrderDownloads order={order} />
      </Table.Cell>
      <Table.Cell className="whitespace-nowrap" data-testid="dd-order-expiry">
        <NextExpiry order={order} />
      </Table.Cell>
      <Table.Cell className="pr-6">
        <div className="flex flex-wrap gap-1 py-1">
          {states.length === 0 && <Text size="small" className="text-ui-fg-muted">—</Text>}
          {states.map(([label, n, color]) => (
            <Badge key={label} size="2xsmall" color={color}>
              {n} {label}
            </Badge>
          ))}
        </div>
      </Table.Cell>
    </Table.Row>
  )
}
