import { Button, Text, clx } from "@medusajs/ui"
import type { ReactNode } from "react"
import { errorMessage } from "../../lib/sdk"

/** What QueryState reads of a React Query result. */
export type QueryStatus = { isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown }

type QueryStateProps = {
  query: QueryStatus
  /** the loading line, e.g. "Loading orders…" */
  loading?: ReactNode
  /** what failed, e.g. "Could not load the orders" (followed by the API's message) */
  errorLabel?: string
  /** show a Retry button beside the error */
  retry?: boolean
  /** what to show instead of the content when the data is there but empty (false: show the content) */
  empty?: ReactNode
  children: ReactNode
}

/**
 * The states of a card section fed by one query: loading, error (with Retry),
 * empty, then the content. Rows are padded like Medusa's cards (px-6 py-4).
 */
export const QueryState = ({ query, loading = "Loading…", errorLabel, retry, empty, children }: QueryStateProps) => {
  if (query.isPending) return <StateText>{loading}</StateText>
  if (query.isError) return <ErrorRow label={errorLabel} error={query.error} onRetry={retry ? () => query.refetch() : undefined} />
  if (empty) return <>{empty}</>
  return <>{children}</>
}

/** A subtle line of text in a card row. */
export const StateText = ({ children, className, testId }: { children: ReactNode; className?: string; testId?: string }) => (
  <Text size="small" className={clx("text-ui-fg-subtle px-6 py-4", className)} data-testid={testId}>
    {children}
  </Text>
)

/** A failed request in a card row: "<label>: <the API's message>", and a Retry button when `onRetry` is given. */
export const ErrorRow = ({ label, error, onRetry }: { label?: string; error: unknown; onRetry?: () => void }) => {
  const message = label ? `${label}: ${errorMessage(error)}` : errorMessage(error)
  if (!onRetry) {
    return (
      <Text size="small" className="text-ui-fg-error px-6 py-4" role="alert">
        {message}
      </Text>
    )
  }
  return (
    <div className="flex items-center justify-between px-6 py-4">
      <Text size="small" className="text-ui-fg-error" role="alert">
        {message}
      </Text>
      <Button size="small" variant="secondary" onClick={onRetry}>
        Retry
      </Button>
    </div>
  )
}
