// data-testids: dd-deliveries-page, dd-filter-all, dd-filter-active, dd-filter-awaiting_payment, dd-filter-disabled,
// dd-filter-expired, dd-filter-exhausted, dd-filter-revoked, dd-filter-suspicious, dd-search, dd-select-all,
// dd-orders-empty, dd-pagination (rows: components/deliveries/digital-order-row.tsx; bulk actions: bulk-actions.tsx)
import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ArrowDownTray } from "@medusajs/icons"
import { Checkbox, Container, Input, Table, Tabs, Text } from "@medusajs/ui"
import { useState } from "react"
import { CardHeader } from "../../components/common/card-header"
import { QueryState } from "../../components/common/query-state"
import { TableHeader } from "../../components/common/table-header"
import { UpdateCampaignsPanel } from "../../components/campaigns/update-campaigns-panel"
import { BulkActions } from "../../components/deliveries/bulk-actions"
import { DigitalOrderRow } from "../../components/deliveries/digital-order-row"
import { useDigitalOrders } from "../../hooks/api"
import { useDebounced } from "../../hooks/use-debounced"
import { ORDER_STATUS_FILTERS } from "../../lib/format"

const PAGE_SIZE = 20

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
  const query = useDigitalOrders(params)
  const { data } = query
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

  // The orders card, then the update emails to past buyers (issue 17) under it.
  return (
    <div className="flex flex-col gap-y-3">
    <Container className="divide-y p-0" data-testid="dd-deliveries-page">
      <CardHeader title="Digital deliveries" level="h1" description="Orders with downloadable goods, newest first." />

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

      <QueryState
        query={query}
        loading="Loading orders…"
        errorLabel="Could not load the orders"
        retry
        empty={
          orders.length === 0 && (
            <div className="flex flex-col items-center gap-y-1 px-6 py-8" data-testid="dd-orders-empty">
              <Text size="small" weight="plus">
                No orders
              </Text>
              <Text size="small" className="text-ui-fg-subtle">
                {q || status !== "all" ? "Nothing matches these filters." : "Orders with digital goods appear here once placed."}
              </Text>
            </div>
          )
        }
      >
        <>
          <Table>
            <TableHeader
              columns={[
                <Table.HeaderCell key="select" className="w-10">
                  <Checkbox
                    aria-label="Select all orders on this page"
                    data-testid="dd-select-all"
                    checked={selectedOnPage === 0 ? false : selectedOnPage === pageIds.length ? true : "indeterminate"}
                    onCheckedChange={(v) => toggleAll(v === true)}
                  />
                </Table.HeaderCell>,
                "Order",
                "Placed",
                "Email",
                "State",
                "Downloads",
                "Next expiry",
                "Files by state",
              ]}
            />
            <Table.Body>
              {orders.map((o) => (
                <DigitalOrderRow key={o.order_id} order={o} checked={selected.has(o.order_id)} onCheck={(c) => toggleOne(o.order_id, c)} />
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
      </QueryState>

      <BulkActions selected={selected} onDone={() => setSelected(new Set())} />
    </Container>
    <UpdateCampaignsPanel />
    </div>
  )
}

export const config = defineRouteConfig({ label: "Digital deliveries", icon: ArrowDownTray })

export const handle = { breadcrumb: () => "Digital deliveries" }

export default DigitalDeliveriesPage
