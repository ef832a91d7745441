// data-testids: dd-deliveries-page, dd-filter-all, dd-filter-active, dd-filter-awaiting_payment, dd-filter-disabled,
// dd-filter-expired, dd-filter-exhausted, dd-filter-revoked, dd-filter-suspicious, dd-search, dd-order-row,
// dd-order-link, dd-order-status, dd-select-all, dd-select-row, dd-bulk-bar, dd-bulk-enable, dd-bulk-disable,
// dd-bulk-extend, dd-bulk-revoke, dd-extend-dialog, dd-extend-days, dd-extend-confirm, dd-orders-empty, dd-pagination
import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ArrowDownTray } from "@medusajs/icons"
import {
  Badge,
  Button,
  Checkbox,
  CommandBar,
  Container,
  Heading,
  Input,
  Label,
  Prompt,
  Table,
  Tabs,
  Text,
  toast,
  usePrompt,
} from "@medusajs/ui"
import { useEffect, useMemo, useState } from "react"
import { Link } from "react-router-dom"
import { DigitalOrderBadge } from "../../components/status-badges"
import { formatDate, formatDateTime, formatExpiry, formatUsage, orderNumber, ORDER_STATUS_FILTERS } from "../../lib/format"
import { useBatchOrders, useDigitalOrders } from "../../lib/queries"
import { errorMessage } from "../../lib/sdk"
import type { BatchAction, DigitalOrder } from "../../lib/types"

const PAGE_SIZE = 20

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value)
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms)
    return () => clearTimeout(t)
  }, [value, ms])
  return debounced
}

/** Every order with digital goods, newest first: filter, search, page, and act on many at once. */
const DigitalDeliveriesPage = () => {
  const [status, setStatus] = useState("all")
  const [search, setSearch] = useState("")
  const q = useDebounced(search.trim(), 300)
  const [pageIndex, setPageIndex] = useState(0)
  // Pages are read by cursor: cursors[i] starts page i (the next_cursor of page i - 1).
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined])
  const [selected, setSelected] = useState<Set<string>>(new Set())

  // A new filter or search starts again at the first page, with nothing selected.
  // Reset while rendering (not in an effect), so no request goes out for the new
  // filter at the old page's cursor.
  const filter = `${status}\n${q}`
  const [shownFilter, setShownFilter] = useState(filter)
  if (filter !== shownFilter) {
    setShownFilter(filter)
    setPageIndex(0)
    setCursors([undefined])
    setSelected(new Set())
  }

  const params = {
    status: status === "all" ? undefined : status,
    q: q || undefined,
    limit: PAGE_SIZE,
    cursor: cursors[pageIndex],
  }
  const { data, isPending, isError, error, refetch } = useDigitalOrders(params)
  const orders = data?.digital_orders ?? []
  const nextCursor = data?.next_cursor ?? null
  // Over 1,000 orders the total is PostgreSQL's estimate ("of about …"); never
  // fewer than the orders already paged through.
  const count = Math.max(data?.count ?? 0, pageIndex * PAGE_SIZE + orders.length + (nextCursor ? 1 : 0))
  const countExact = data?.count_exact ?? true
  const pageCount = Math.max(1, Math.ceil(count / PAGE_SIZE))
  const nextPage = () => {
    if (!nextCursor) return
    setCursors((c) => [...c.slice(0, pageIndex + 1), nextCursor])
    setPageIndex((p) => p + 1)
  }

  const pageIds = orders.map((o) => o.order_id)
  const selectedOnPage = pageIds.filter((id) => selected.has(id)).length
  const toggleAll = (checked: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev)
      for (const id of pageIds) {
        if (checked) next.add(id)
        else next.delete(id)
      }
      return next
    })
  const toggleOne = (id: string, checked: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev)
      if (checked) next.add(id)
      else next.delete(id)
      return next
    })

  return (
    <Container className="divide-y p-0" data-testid="dd-deliveries-page">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h1">Digital deliveries</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Orders with downloadable goods, newest first.
          </Text>
        </div>
      </div>

      <div className="flex flex-wrap items-center justify-between gap-3 px-6 py-4">
        <Tabs value={status} onValueChange={setStatus}>
          <Tabs.List aria-label="Filter by state" className="flex-wrap">
            {ORDER_STATUS_FILTERS.map((f) => (
              <Tabs.Trigger key={f.value} value={f.value} data-testid={`dd-filter-${f.value}`}>
                {f.label}
              </Tabs.Trigger>
            ))}
          </Tabs.List>
        </Tabs>
        <div className="w-full max-w-[280px]">
          <Input
            type="search"
            size="small"
            placeholder="Search email or order number"
            aria-label="Search orders by email or order number"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            data-testid="dd-search"
          />
        </div>
      </div>

      {isPending ? (
        <Text size="small" className="text-ui-fg-subtle px-6 py-6">
          Loading orders…
        </Text>
      ) : isError ? (
        <div className="flex items-center justify-between px-6 py-4">
          <Text size="small" className="text-ui-fg-error" role="alert">
            Could not load the orders: {errorMessage(error)}
          </Text>
          <Button size="small" variant="secondary" onClick={() => refetch()}>
            Retry
          </Button>
        </div>
      ) : orders.length === 0 ? (
        <div className="flex flex-col items-center gap-y-1 px-6 py-8" data-testid="dd-orders-empty">
          <Text size="small" weight="plus">
            No orders
          </Text>
          <Text size="small" className="text-ui-fg-subtle">
            {q || status !== "all" ? "Nothing matches these filters." : "Orders with digital goods appear here once placed."}
          </Text>
        </div>
      ) : (
        <>
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell className="w-10">
                  <Checkbox
                    aria-label="Select all orders on this page"
                    data-testid="dd-select-all"
                    checked={selectedOnPage === 0 ? false : selectedOnPage === pageIds.length ? true : "indeterminate"}
                    onCheckedChange={(v) => toggleAll(v === true)}
                  />
                </Table.HeaderCell>
                <Table.HeaderCell>Order</Table.HeaderCell>
                <Table.HeaderCell>Placed</Table.HeaderCell>
                <Table.HeaderCell>Email</Table.HeaderCell>
                <Table.HeaderCell>State</Table.HeaderCell>
                <Table.HeaderCell>Downloads</Table.HeaderCell>
                <Table.HeaderCell>Next expiry</Table.HeaderCell>
                <Table.HeaderCell className="pr-6">Files by state</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {orders.map((o) => (
                <OrderRow key={o.order_id} order={o} checked={selected.has(o.order_id)} onCheck={(c) => toggleOne(o.order_id, c)} />
              ))}
            </Table.Body>
          </Table>
          <Table.Pagination
            data-testid="dd-pagination"
            count={count}
            pageSize={PAGE_SIZE}
            pageIndex={pageIndex}
            pageCount={pageCount}
            canPreviousPage={pageIndex > 0}
            canNextPage={!!nextCursor}
            previousPage={() => setPageIndex((p) => Math.max(0, p - 1))}
            nextPage={nextPage}
            translations={countExact ? undefined : { of: "of about", results: "results", pages: "pages", prev: "Prev", next: "Next" }}
          />
        </>
      )}

      <BulkActions selected={selected} onDone={() => setSelected(new Set())} />
    </Container>
  )
}

const OrderRow = ({ order, checked, onCheck }: { order: DigitalOrder; checked: boolean; onCheck: (c: boolean) => void }) => {
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
      <Table.Cell className="tabular-nums">{order.grant_count ? formatUsage(order.downloads_used, order.max_downloads) : "—"}</Table.Cell>
      <Table.Cell className="whitespace-nowrap">{order.grant_count ? formatExpiry(order.expires_at) : "—"}</Table.Cell>
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

const ACTION_DONE: Record<BatchAction, string> = {
  enable: "Downloads enabled",
  disable: "Downloads disabled",
  extend: "Expiry extended",
  revoke: "Downloads revoked",
}

/** The command bar shown while orders are selected: enable, disable, extend, revoke. */
const BulkActions = ({ selected, onDone }: { selected: Set<string>; onDone: () => void }) => {
  const prompt = usePrompt()
  const batch = useBatchOrders()
  const [extendOpen, setExtendOpen] = useState(false)
  const [days, setDays] = useState("30")
  const ids = useMemo(() => [...selected], [selected])
  const n = ids.length
  const orders = `${n} order${n === 1 ? "" : "s"}`

  const run = (action: BatchAction, extra?: { days: number }) =>
    batch.mutate(
      { order_ids: ids, action, ...extra },
      {
        onSuccess: () => {
          toast.success(ACTION_DONE[action], {
            description: action === "extend" ? `${orders}: +${extra?.days} days` : orders,
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
          <div className="flex flex-col gap-y-2 px-6 pb-6 pt-4">
            <Label htmlFor="dd-extend-days" size="small" weight="plus">
              Days
            </Label>
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

export const config = defineRouteConfig({ label: "Digital deliveries", icon: ArrowDownTray })

export const handle = { breadcrumb: () => "Digital deliveries" }

export default DigitalDeliveriesPage
