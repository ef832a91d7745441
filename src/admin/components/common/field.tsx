import { Label, Text } from "@medusajs/ui"
import type { ReactNode } from "react"

type FieldProps = {
  label: string
  /** the control's id (the label's `for`) */
  id?: string
  /** the label's own id, for controls labelled with aria-labelledby (Select, DatePicker) */
  labelId?: string
  hint?: string
  testId?: string
  children: ReactNode
}

/** A labelled form control with an optional hint under it, as Medusa's forms lay them out. */
export const Field = ({ label, id, labelId, hint, testId, children }: FieldProps) => (
  <div className="flex flex-col gap-y-2" data-testid={testId}>
    <Label htmlFor={id} id={labelId} size="small" weight="plus">
      {label}
    </Label>
    {children}
    {hint && (
      <Text size="xsmall" className="text-ui-fg-subtle">
        {hint}
      </Text>
    )}
  </div>
)

/** A form error under the fields (role="alert", so screen readers announce it). */
export const FormError = ({ error, testId }: { error: string | null | undefined; testId?: string }) =>
  error ? (
    <Text size="small" className="text-ui-fg-error" role="alert" data-testid={testId}>
      {error}
    </Text>
  ) : null
