// (kind "update": the same test ids with dd-update- instead of dd-, e.g. dd-update-template-subject)
// data-testids: dd-template-tab-<locale> (en, fr, pl; data-error when that language has an error), dd-template-subject,
// dd-template-body (their errors: dd-template-subject-error, dd-template-body-error), dd-template-reset,
// dd-placeholder-<Name> (e.g. dd-placeholder-OrderID), dd-preview, dd-preview-subject, dd-preview-error
import { Alert, Button, Container, Input, Tabs, Text, Textarea, Tooltip } from "@medusajs/ui"
import { useMemo, useRef, useState } from "react"
import { useEmailPreview, type TemplateRequest } from "../../hooks/api"
import { useDebounced } from "../../hooks/use-debounced"
import { errorMessage } from "../../lib/sdk"
import type { EmailKind, EmailLocale, EmailTemplate, SettingsResponse } from "../../lib/types"
import { CardHeader } from "../common/card-header"
import { Field } from "../common/field"
import { SendTestEmail } from "./send-test-email"
import { LOCALE_LABEL, placeholderError, templateErrors, type FieldErrors } from "./settings-form"

/** What differs between the two emails' editors. */
const KINDS = {
  delivery: {
    title: "Delivery email",
    description: "Sent in the order's language (English when it has none). Plain text: a blank line starts a paragraph, links become clickable.",
    prefix: "templates.",
    sample: "Sample order #1001",
  },
  update: {
    title: "Update email",
    description:
      "Sent to past buyers when a release is published with “email buyers” (one per address), in their order's language. Plain text, as the delivery email; {UnsubscribeURL} is the one-click unsubscribe link.",
    prefix: "templates.update.",
    sample: "Sample release “Second edition”",
  },
} as const

/** An email per language (the delivery email, or `kind` "update"): subject and body, placeholders, live preview and a test send. */
export const TemplateEditor = ({
  res,
  templates,
  onChange,
  defaultTestTo,
  errors = {},
  kind = "delivery",
}: {
  res: SettingsResponse
  templates: Record<string, EmailTemplate>
  onChange: (locale: string, t: EmailTemplate) => void
  defaultTestTo: string
  /** errors from the last save, by path ("templates.en.subject"); the page drops one when its field changes */
  errors?: FieldErrors
  kind?: EmailKind
}) => {
  const words = KINDS[kind]
  // The update editor's ids and test ids: dd-update-… (dd-update-template-subject, dd-update-preview…).
  const t = (id: string) => (kind === "update" ? id.replace(/^dd-/, "dd-update-") : id)
  const known = kind === "update" ? res.update_placeholders : res.placeholders
  const defaults = kind === "update" ? res.default_update_templates : res.default_templates
  const [locale, setLocale] = useState<EmailLocale>(res.locales[0] ?? "en")
  const subjectRef = useRef<HTMLInputElement>(null)
  const bodyRef = useRef<HTMLTextAreaElement>(null)
  const lastField = useRef<"subject" | "body">("body")
  const current = templates[locale] ?? defaults[locale]
  const isDefault = current.subject === defaults[locale].subject && current.body === defaults[locale].body

  // Checked as the merchant types (the same rule as the server), and any error the last save returned.
  const errorOf = (field: "subject" | "body") => errors[`${words.prefix}${locale}.${field}`] ?? placeholderError(current[field], known)
  const subjectError = errorOf("subject")
  const bodyError = errorOf("body")
  const localesWithErrors = useMemo(() => {
    const own = Object.fromEntries(Object.entries(templateErrors(templates, known)).map(([k, v]) => [k.replace("templates.", words.prefix), v]))
    const all = { ...own, ...errors }
    const depth = words.prefix.split(".").length - 1
    return new Set(
      Object.keys(all)
        .filter((k) => k.startsWith(words.prefix) && (kind === "update" || !k.startsWith("templates.update.")))
        .map((k) => k.split(".")[depth])
    )
  }, [templates, known, errors, words.prefix, kind])

  // No preview request while a field has an unknown placeholder: the error is under the field, the last preview stays.
  const invalid = !!(subjectError || bodyError)
  const request = useDebounced<TemplateRequest | null>(
    useMemo(() => (invalid ? null : { locale, template: current, kind }), [invalid, locale, current, kind]),
    400
  )
  const preview = useEmailPreview(request)

  /** Inserts "{Name}" at the cursor of the field edited last (the body by default). */
  const insertPlaceholder = (name: string) => {
    const token = `{${name}}`
    const field = lastField.current
    const el = field === "subject" ? subjectRef.current : bodyRef.current
    const text = current[field]
    const start = el?.selectionStart ?? text.length
    const end = el?.selectionEnd ?? text.length
    onChange(locale, { ...current, [field]: text.slice(0, start) + token + text.slice(end) })
    requestAnimationFrame(() => {
      if (!el) return
      el.focus()
      el.setSelectionRange(start + token.length, start + token.length)
    })
  }

  return (
    <Container className="divide-y p-0">
      <CardHeader title={words.title} description={words.description} />
      <div className="flex flex-col gap-y-4 px-6 py-4">
        <Tabs value={locale} onValueChange={(v) => setLocale(v as EmailLocale)}>
          <Tabs.List aria-label="Email language">
            {res.locales.map((l) => (
              <Tabs.Trigger key={l} value={l} data-testid={t(`dd-template-tab-${l}`)} data-error={localesWithErrors.has(l) || undefined}>
                {LOCALE_LABEL[l] ?? l}
                {localesWithErrors.has(l) && (
                  <span className="text-ui-fg-error ml-1" aria-label="has an error">
                    •
                  </span>
                )}
              </Tabs.Trigger>
            ))}
          </Tabs.List>
        </Tabs>
        <div className="flex flex-col gap-6 lg:flex-row">
          <div className="flex min-w-0 flex-1 flex-col gap-y-4">
            <Field id={t("dd-template-subject")} label="Subject" error={subjectError}>
              <Input
                id={t("dd-template-subject")}
                aria-invalid={subjectError ? true : undefined}
                aria-describedby={subjectError ? t("dd-template-subject-error") : undefined}
                ref={subjectRef}
                data-testid={t("dd-template-subject")}
                value={current.subject}
                onFocus={() => (lastField.current = "subject")}
                onChange={(e) => onChange(locale, { ...current, subject: e.target.value })}
              />
            </Field>
            <Field
              id={t("dd-template-body")}
              label="Body"
              error={bodyError}
              action={
                <Button
                  size="small"
                  variant="transparent"
                  disabled={isDefault}
                  onClick={() => onChange(locale, defaults[locale])}
                  data-testid={t("dd-template-reset")}
                >
                  Reset to default
                </Button>
              }
            >
              <Textarea
                id={t("dd-template-body")}
                aria-invalid={bodyError ? true : undefined}
                aria-describedby={bodyError ? t("dd-template-body-error") : undefined}
                ref={bodyRef}
                data-testid={t("dd-template-body")}
                rows={16}
                className="font-mono text-xs"
                value={current.body}
                onFocus={() => (lastField.current = "body")}
                onChange={(e) => onChange(locale, { ...current, body: e.target.value })}
              />
            </Field>
            <div className="flex flex-col gap-y-2">
              <Text size="small" weight="plus">
                Placeholders
              </Text>
              <Text size="xsmall" className="text-ui-fg-subtle">
                Click to insert at the cursor.
              </Text>
              <div className="flex flex-wrap gap-2">
                {Object.entries(known).map(([name, description]) => (
                  <Tooltip key={name} content={description}>
                    <Button
                      size="small"
                      variant="secondary"
                      className="font-mono"
                      aria-label={`Insert {${name}}: ${description}`}
                      // Keep the cursor of the field being edited.
                      onMouseDown={(e) => e.preventDefault()}
                      onClick={() => insertPlaceholder(name)}
                      data-testid={t(`dd-placeholder-${name}`)}
                    >
                      {`{${name}}`}
                    </Button>
                  </Tooltip>
                ))}
              </div>
            </div>
          </div>
          <div className="flex flex-col gap-y-2" style={{ width: "min(660px, 100%)", flex: "0 0 auto" }}>
            <div className="flex items-center justify-between">
              <Text size="small" weight="plus">
                Preview
              </Text>
              <Text size="xsmall" className="text-ui-fg-subtle">
                {preview.isFetching ? "Updating…" : words.sample}
              </Text>
            </div>
            {preview.isError ? (
              <Alert variant="error" data-testid={t("dd-preview-error")}>
                {errorMessage(preview.error)}
              </Alert>
            ) : null}
            <div className="shadow-elevation-card-rest bg-ui-bg-base flex flex-1 flex-col overflow-hidden rounded-lg">
              <div className="border-ui-border-base border-b px-4 py-2">
                <Text size="xsmall" className="text-ui-fg-subtle">
                  Subject
                </Text>
                <Text size="small" weight="plus" data-testid={t("dd-preview-subject")}>
                  {preview.data?.preview.subject ?? "…"}
                </Text>
              </div>
              <iframe
                title="Email preview"
                sandbox=""
                srcDoc={preview.data?.preview.html ?? ""}
                className="w-full flex-1"
                // Inline: the host's Tailwind build may not scan plugin classes. The email has its own white page.
                style={{ minHeight: 560, background: "#fff", border: 0 }}
                data-testid={t("dd-preview")}
              />
            </div>
          </div>
        </div>
      </div>
      <SendTestEmail locale={locale} template={current} defaultTo={defaultTestTo} kind={kind} />
    </Container>
  )
}
