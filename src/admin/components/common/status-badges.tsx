import { StatusBadge } from "@medusajs/ui"
import { ACTIVITY_LABEL, EMAIL_STATUS, GRANT_STATUS, OUTCOME_LABEL, digitalOrderState, type BadgeStyle } from "../../lib/format"
import type { DigitalOrder, GrantStatus } from "../../lib/types"

/** A status badge for `value` as `styles` labels and colours it (grey with the raw value when unknown). */
const LabelledBadge = ({ styles, value, testId }: { styles: Record<string, BadgeStyle>; value: string; testId?: string }) => {
  const s = styles[value] ?? { label: value, color: "grey" as const }
  return (
    <StatusBadge color={s.color} data-testid={testId} data-status={testId ? value : undefined}>
      {s.label}
    </StatusBadge>
  )
}

export const GrantStatusBadge = ({ status }: { status: GrantStatus }) => (
  <LabelledBadge styles={GRANT_STATUS} value={status} testId="dd-grant-status" />
)

export const EmailStatusBadge = ({ status }: { status: string }) => (
  <LabelledBadge styles={EMAIL_STATUS} value={status} testId="dd-email-status" />
)

/** An action in a grant's history ("Email failed" in red when the email did not go). */
export const ActivityBadge = ({ action, failed }: { action: string; failed?: boolean }) =>
  failed ? (
    <StatusBadge color="red">Email failed</StatusBadge>
  ) : (
    <LabelledBadge styles={ACTIVITY_LABEL} value={action} />
  )

export const OutcomeBadge = ({ outcome }: { outcome: string }) => <LabelledBadge styles={OUTCOME_LABEL} value={outcome} />

export const DigitalOrderBadge = ({ order }: { order: DigitalOrder }) => {
  const s = digitalOrderState(order)
  return (
    <StatusBadge color={s.color} data-testid="dd-order-status">
      {s.label}
    </StatusBadge>
  )
}
