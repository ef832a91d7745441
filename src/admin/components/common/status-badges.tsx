import { StatusBadge } from "@medusajs/ui"
import { EMAIL_STATUS, GRANT_STATUS, OUTCOME_LABEL, digitalOrderState } from "../../lib/format"
import type { DigitalOrder, GrantStatus } from "../../lib/types"

export const GrantStatusBadge = ({ status }: { status: GrantStatus }) => {
  const s = GRANT_STATUS[status] ?? { label: status, color: "grey" as const }
  return (
    <StatusBadge color={s.color} data-testid="dd-grant-status" data-status={status}>
      {s.label}
    </StatusBadge>
  )
}

export const DigitalOrderBadge = ({ order }: { order: DigitalOrder }) => {
  const s = digitalOrderState(order)
  return (
    <StatusBadge color={s.color} data-testid="dd-order-status">
      {s.label}
    </StatusBadge>
  )
}

export const EmailStatusBadge = ({ status }: { status: string }) => {
  const s = EMAIL_STATUS[status] ?? { label: status, color: "grey" as const }
  return (
    <StatusBadge color={s.color} data-testid="dd-email-status" data-status={status}>
      {s.label}
    </StatusBadge>
  )
}

export const OutcomeBadge = ({ outcome }: { outcome: string }) => {
  const s = OUTCOME_LABEL[outcome] ?? { label: outcome, color: "grey" as const }
  return <StatusBadge color={s.color}>{s.label}</StatusBadge>
}
