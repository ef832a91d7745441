// data-testids: dd-order-widget, dd-grants-empty
// (header: components/grants/order-delivery-header.tsx; rows: grant-row.tsx; emails: delivery-emails.tsx;
// drawers: grant-edit-drawers.tsx, grant-history-drawer.tsx)
import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Container, Table } from "@medusajs/ui"
import { useState } from "react"
import { ErrorRow, StateText } from "../components/common/query-state"
import { TableHeader } from "../components/common/table-header"
import { DeliveryEmails } from "../components/grants/delivery-emails"
import { ExpiryDrawer, LimitDrawer } from "../components/grants/grant-edit-drawers"
import { GrantHistoryDrawer } from "../components/grants/grant-history-drawer"
import { GRANT_COLUMNS, GrantRow, type GrantPanel } from "../components/grants/grant-row"
import { OrderDeliveryHeader, OrderPageRow } from "../components/grants/order-delivery-header"
import { useOrderDelivery } from "../hooks/api"
import type { DownloadGrant } from "../lib/types"

/** The order's downloads: state of each file, per-file actions, delivery and email. Nothing for orders without digital goods. */
const OrderDigitalDeliveryWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { data, isPending, isError, error, refetch } = useOrderDelivery(order.id)
  const [panel, setPanel] = useState<{ kind: GrantPanel; grant: DownloadGrant } | null>(null)
  const panelGrant = (kind: GrantPanel) => (panel?.kind === kind ? panel.grant : null)

  // No flash of an empty card on orders without digital goods: render once we know.
  if (isPending) return null
  if (isError) {
    return (
      <Container className="p-0">
        <ErrorRow label="Could not load the digital delivery" error={error} onRetry={() => refetch()} />
      </Container>
    )
  }
  if (!data.digital_order) return null

  const grants = data.download_grants
  return (
    <Container className="divide-y p-0" data-testid="dd-order-widget">
      <OrderDeliveryHeader orderId={order.id} data={data} digitalOrder={data.digital_order} />
      {data.order_page_url && <OrderPageRow url={data.order_page_url} />}
      {grants.length === 0 ? (
        <StateText testId="dd-grants-empty">
          {data.digital_order.delivered_at
            ? "No downloads: the order's files were removed."
            : "No downloads yet: they are issued when the payment arrives (see the delivery trigger in Settings), or now with “Deliver now”."}
        </StateText>
      ) : (
        // On a phone the columns do not fit: they scroll sideways inside the card while each row's "…"
        // menu stays pinned at its right edge (GrantRow's sticky cell), so the actions are always reachable.
        <div style={{ overflowX: "auto" }} data-testid="dd-grants-scroll">
          <Table>
            <TableHeader columns={GRANT_COLUMNS} />
            <Table.Body>
              {grants.map((g) => (
                <GrantRow key={g.id} grant={g} orderId={order.id} onOpen={(kind) => setPanel({ kind, grant: g })} />
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
      <DeliveryEmails emails={data.emails} />
      <ExpiryDrawer grant={panelGrant("expiry")} orderId={order.id} onClose={() => setPanel(null)} />
      <LimitDrawer grant={panelGrant("limit")} orderId={order.id} onClose={() => setPanel(null)} />
      <GrantHistoryDrawer grant={panelGrant("history")} onClose={() => setPanel(null)} />
    </Container>
  )
}

export const config = defineWidgetConfig({ zone: "order.details.after" })

export default OrderDigitalDeliveryWidget
