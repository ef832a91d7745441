// data-testids: dd-customer-widget, dd-library-row, dd-library-order-link, dd-grant-status, dd-library-empty
import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import { Container, Table, Text } from "@medusajs/ui"
import { useMemo, useState } from "react"
import { Link } from "react-router-dom"
import { CardHeader } from "../components/common/card-header"
import { TableHeader } from "../components/common/table-header"
import { QueryState, StateText } from "../components/common/query-state"
import { GrantStatusBadge } from "../components/common/status-badges"
import { GrantExpiryCell, GrantFileCell, GrantUsageCell } from "../components/grants/grant-cells"
import { useCustomerDigitalOrders, useCustomerGrants } from "../hooks/api"
import { formatCount, orderNumber } from "../lib/format"

const PAGE_SIZE = 10

/** The customer's digital library, read-only: every file they bought, its state, and the order it came with. */
const CustomerDigitalLibraryWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const [pageIndex, setPageIndex] = useState(0)
  const query = useCustomerGrants(customer.id, { limit: PAGE_SIZE, offset: pageIndex * PAGE_SIZE })
  const { data } = query
  const orders = useCustomerDigitalOrders(customer.id)
  const numbers = useMemo(
    () => new Map((orders.data?.digital_orders ?? []).map((o) => [o.order_id, orderNumber(o.display_id, o.order_id)])),
    [orders.data]
  )
  const grants = data?.download_grants ?? []
  const count = data?.count ?? 0
  const pageCount = Math.max(1, Math.ceil(count / PAGE_SIZE))

  return (
    <Container className="divide-y p-0" data-testid="dd-customer-widget">
      <CardHeader title="Digital library">
        {data && <Text size="small" className="text-ui-fg-subtle">{formatCount("files", count)}</Text>}
      </CardHeader>
      <QueryState
        query={query}
        errorLabel="Could not load the library"
        empty={grants.length === 0 && <StateText testId="dd-library-empty">This customer has no digital purchases.</StateText>}
      >
        <>
          <Table>
            <TableHeader columns={["File", "Order", "State", "Downloads", "Expires"]} />
            <Table.Body>
              {grants.map((g) => (
                <Table.Row key={g.id} data-testid="dd-library-row">
                  <GrantFileCell grant={g} />
                  <Table.Cell>
                    <Link
                      to={`/orders/${g.order_id}`}
                      className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover transition-fg"
                      data-testid="dd-library-order-link"
                    >
                      {numbers.get(g.order_id) ?? "View order"}
                    </Link>
                  </Table.Cell>
                  <Table.Cell>
                    <GrantStatusBadge status={g.status} />
                  </Table.Cell>
                  <GrantUsageCell grant={g} />
                  <GrantExpiryCell grant={g} />
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
          {count > PAGE_SIZE && (
            <Table.Pagination
              count={count}
              pageSize={PAGE_SIZE}
              pageIndex={pageIndex}
              pageCount={pageCount}
              canPreviousPage={pageIndex > 0}
              canNextPage={pageIndex < pageCount - 1}
              previousPage={() => setPageIndex((p) => Math.max(0, p - 1))}
              nextPage={() => setPageIndex((p) => Math.min(pageCount - 1, p + 1))}
            />
          )}
        </>
      </QueryState>
    </Container>
  )
}

export const config = defineWidgetConfig({ zone: "customer.details.after" })

export default CustomerDigitalLibraryWidget
