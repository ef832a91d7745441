// data-testids: dd-email-row, dd-email-status, dd-emails-empty
import { Text } from "@medusajs/ui"
import { formatDateTime } from "../../lib/format"
import type { OrderDelivery } from "../../lib/types"
import { EmailStatusBadge } from "../common/status-badges"

/** The delivery emails sent for the order, newest first, with their provider status. */
export const DeliveryEmails = ({ emails }: { emails: OrderDelivery["emails"] }) => (
  <div className="flex flex-col gap-y-2 px-6 py-4">
    <Text size="small" weight="plus">
      Delivery emails
    </Text>
    {emails.length === 0 ? (
      <Text size="small" className="text-ui-fg-subtle" data-testid="dd-emails-empty">
        No delivery email yet.
      </Text>
    ) : (
      emails.map((e) => (
        <div key={e.id} className="flex items-center justify-between gap-x-4" data-testid="dd-email-row">
          <Text size="small" className="truncate">
            {e.to}
          </Text>
          <div className="flex shrink-0 items-center gap-x-3">
            <Text size="small" className="text-ui-fg-subtle">
              {formatDateTime(e.created_at)}
            </Text>
            <EmailStatusBadge status={e.status} />
          </div>
        </div>
      ))
    )}
  </div>
)
