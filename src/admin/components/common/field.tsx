import { Input, Label, Select, Text } from "@medusajs/ui"
import type { ComponentProps, ReactNode } from "react"

type FieldProps = {
  label: string
  /** the control's id (the label's `for`) */
  id?: string
  /** the label's own id, for controls labelled with aria-labelledby (Select, DatePicker) */
  labelId?: string
  hint?: string
  testId?: string
  /** a small action at the end of the label's line (e.g. "Reset to default") */
  action?: ReactNode
  /** the field's error, under it (data-testid `<id>-error`); give the control aria-invalid and aria-describedby `<id>-error` */
  error?: string
  children: ReactNode
}

/** A labelled form control with an optional hint under it, as Medusa's forms lay them out. */
export const Field = ({ label, id, labelId, hint, testId, action, error, children }: FieldProps) => {
  const labelEl = (
    <Label htmlFor={id} id={labelId} size="small" weight="plus">
      {label}
    </Label>
  )
  return (
    <div className="flex flex-col gap-y-2" data-testid={testId}>
      {action ? (
        <div className="flex items-center justify-between">
          {labelEl}
          {action}
        </div>
      ) : (
        labelEl
      )}
      {children}
      {error && (
        <Text size="small" className="text-ui-fg-error" role="alert" id={id ? `${id}-error` : undefined} data-testid={id ? `${id}-error` : undefined}>
          {error}
        </Text>
      )}
      {hint && (
        <Text size="xsmall" className="text-ui-fg-subtle">
          {hint}
        </Text>
      )}
    </div>
  )
}

type InputFieldProps = Omit<ComponentProps<typeof Input>, "value" | "onChange" | "id"> & {
  id: string
  label: string
  hint?: string
  /** the input's data-testid (default: its id) */
  testId?: string
  value: string
  onChange: (value: string) => void
  error?: string
}

/** A Field holding one Input: the common case of a text, number, email or URL field. */
export const InputField = ({ id, label, hint, testId = id, value, onChange, error, ...input }: InputFieldProps) => (
  <Field id={id} label={label} hint={hint} error={error}>
    <Input
      id={id}
      data-testid={testId}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? `${id}-error` : undefined}
      {...input}
    />
  </Field>
)

type SelectFieldProps<V extends string> = {
  /** the trigger's data-testid; the label's id is `<id>-label` */
  id: string
  label: string
  hint?: string
  value: V
  onChange: (value: V) => void
  /** value → the words shown for it */
  options: Record<V, string>
}

/** A Field holding one Select over a fixed set of values. */
export const SelectField = <V extends string>({ id, label, hint, value, onChange, options }: SelectFieldProps<V>) => (
  <Field label={label} labelId={`${id}-label`} hint={hint}>
    <Select value={value} onValueChange={(v) => onChange(v as V)}>
      <Select.Trigger aria-labelledby={`${id}-label`} data-testid={id}>
        <Select.Value />
      </Select.Trigger>
      <Select.Content>
        {(Object.entries(options) as [V, string][]).map(([option, text]) => (
          <Select.Item key={option} value={option}>
            {text}
          </Select.Item>
        ))}
      </Select.Content>
    </Select>
  </Field>
)

/** A form error under the fields (role="alert", so screen readers announce it). */
export const FormError = ({ error, testId }: { error: string | null | undefined; testId?: string }) =>
  error ? (
    <Text size="small" className="text-ui-fg-error" role="alert" data-testid={testId}>
      {error}
    </Text>
  ) : null
