import { Button, Drawer, Text, clx, toast } from "@medusajs/ui"
import type { CSSProperties, FormEvent, ReactNode } from "react"
import { errorMessage } from "../../lib/sdk"

type DrawerFormProps = {
  open: boolean
  onClose: () => void
  title: string
  /** under the title; `hideDescription` keeps it for screen readers only */
  description: ReactNode
  hideDescription?: boolean
  /** runs on submit (Enter or the submit button); the default submit is already prevented */
  onSubmit: () => void
  isPending: boolean
  submitLabel?: string
  /** data-testid of the drawer and of its submit button */
  testId: string
  submitTestId: string
  bodyClassName?: string
  style?: CSSProperties
  children: ReactNode
}

/** A drawer holding one form: header, scrolling body, and the Cancel / Save footer with the save's pending state. */
export const DrawerForm = ({
  open,
  onClose,
  title,
  description,
  hideDescription,
  onSubmit,
  isPending,
  submitLabel = "Save",
  testId,
  submitTestId,
  bodyClassName = "gap-y-6",
  style,
  children,
}: DrawerFormProps) => {
  const submit = (e: FormEvent) => {
    e.preventDefault()
    onSubmit()
  }
  return (
    <Drawer open={open} onOpenChange={(o) => !o && onClose()}>
      <Drawer.Content data-testid={testId} style={style}>
        <form onSubmit={submit} className="flex h-full flex-col overflow-hidden">
          <Drawer.Header>
            <Drawer.Title>{title}</Drawer.Title>
            {hideDescription ? (
              <Drawer.Description className="sr-only">{description}</Drawer.Description>
            ) : (
              <Drawer.Description asChild>
                <Text size="small" className="text-ui-fg-subtle">
                  {description}
                </Text>
              </Drawer.Description>
            )}
          </Drawer.Header>
          <Drawer.Body className={clx("flex flex-col overflow-y-auto", bodyClassName)}>{children}</Drawer.Body>
          <Drawer.Footer>
            <Drawer.Close asChild>
              <Button size="small" variant="secondary" type="button">
                Cancel
              </Button>
            </Drawer.Close>
            <Button size="small" type="submit" isLoading={isPending} data-testid={submitTestId}>
              {submitLabel}
            </Button>
          </Drawer.Footer>
        </form>
      </Drawer.Content>
    </Drawer>
  )
}

/**
 * The mutate() callbacks of a drawer's save: on success a toast and the drawer
 * closes; on failure the API's message goes in a toast (and in the form, given `setError`).
 */
export function saveFeedback<T = unknown>(opts: {
  success: string
  /** the toast's text; a function of the response to say what the server saved (e.g. a sanitized name) */
  description: string | ((data: T) => string)
  failure: string
  onClose: () => void
  setError?: (message: string) => void
}) {
  return {
    onSuccess: (data: T) => {
      const description = typeof opts.description === "function" ? opts.description(data) : opts.description
      toast.success(opts.success, { description })
      opts.onClose()
    },
    onError: (err: unknown) => {
      opts.setError?.(errorMessage(err))
      toast.error(opts.failure, { description: errorMessage(err) })
    },
  }
}
