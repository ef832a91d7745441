// data-testids: dd-settings-page, dd-save-settings, dd-save-error, dd-setting-max-downloads, dd-setting-validity-days,
// dd-setting-trigger, dd-setting-revoke-on-refund, dd-setting-registered-links,
// dd-setting-alert-email, dd-setting-storefront-url, dd-template-tab-en, dd-template-tab-fr, dd-template-tab-pl,
// dd-template-subject, dd-template-body, dd-template-reset, dd-placeholder-<Name> (e.g. dd-placeholder-OrderID),
// dd-preview, dd-preview-subject, dd-preview-error, dd-send-test-to, dd-send-test
import { defineRouteConfig } from "@medusajs/admin-sdk"
import {
  Alert,
  Badge,
  Button,
  Container,
  Heading,
  Input,
  Label,
  Select,
  Switch,
  Tabs,
  Text,
  Textarea,
  Tooltip,
  toast,
} from "@medusajs/ui"
import { useEffect, useMemo, useRef, useState } from "react"
import { parseOptionalInt } from "../../../lib/format"
import {
  useDeliverySettings,
  useEmailPreview,
  useSendTestEmail,
  useUpdateDeliverySettings,
  type TemplateRequest,
} from "../../../lib/queries"
import { errorMessage } from "../../../lib/sdk"
import type { DeliverySettings, EmailLocale, EmailTemplate, SettingsInput, SettingsResponse } from "../../../lib/types"

const LOCALE_LABEL: Record<string, string> = { en: "English", fr: "Français", pl: "Polski" }

type Form = {
  default_max_downloads: string
  default_validity_days: string
  delivery_trigger: DeliverySettings["delivery_trigger"]
  revoke_on_refund: boolean
  registered_links: DeliverySettings["registered_links"]
  alert_email: string
  storefront_url: string
  templates: Record<string, EmailTemplate>
}

function formFrom(res: SettingsResponse): Form {
  const s = res.settings
  return {
    default_max_downloads: s.default_max_downloads?.toString() ?? "",
    default_validity_days: s.default_validity_days?.toString() ?? "",
    delivery_trigger: s.delivery_trigger,
    revoke_on_refund: s.revoke_on_refund,
    registered_links: s.registered_links,
    alert_email: s.alert_email ?? "",
    storefront_url: s.storefront_url ?? "",
    templates: Object.fromEntries(
      res.locales.map((l) => {
        const own = s.templates?.[l] ?? {}
        const def = res.default_templates[l]
        return [l, { subject: own.subject?.trim() ? own.subject : def.subject, body: own.body?.trim() ? own.body : def.body }]
      })
    ),
  }
}

/** The request body, or the first field error. Templates equal to the default are not stored (they follow future defaults). */
function toInput(form: Form, res: SettingsResponse): { input?: SettingsInput; error?: string } {
  const max = parseOptionalInt(form.default_max_downloads)
  if (max === undefined) return { error: "Default max downloads: a whole number of at least 1, or empty for unlimited." }
  const days = parseOptionalInt(form.default_validity_days, { max: 36_500 })
  if (days === undefined) return { error: "Default validity: 1 to 36500 days, or empty for links that never expire." }
  const templates: Partial<Record<EmailLocale, EmailTemplate>> = {}
  for (const l of res.locales) {
    const t = form.templates[l]
    const def = res.default_templates[l]
    if (t && (t.subject !== def.subject || t.body !== def.body)) templates[l] = t
  }
  return {
    input: {
      default_max_downloads: max,
      default_validity_days: days,
      delivery_trigger: form.delivery_trigger,
      revoke_on_refund: form.revoke_on_refund,
      registered_links: form.registered_links,
      alert_email: form.alert_email.trim() || null,
      storefront_url: form.storefront_url.trim() || null,
      templates,
    },
  }
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value)
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms)
    return () => clearTimeout(t)
  }, [value, ms])
  return debounced
}

/** Settings › Digital delivery: store defaults, delivery trigger, alerts, and the delivery email per language. */
const DigitalDeliverySettingsPage = () => {
  const { data, isPending, isError, error, refetch } = useDeliverySettings()
  const save = useUpdateDeliverySettings()
  const [form, setForm] = useState<Form | null>(null)
  const [saveError, setSaveError] = useState<string | null>(null)

  // Filled once; a background refetch never overwrites unsaved edits (a save refills it).
  useEffect(() => {
    if (data && !form) setForm(formFrom(data))
  }, [data, form])

  const dirty = useMemo(() => {
    if (!data || !form) return false
    return JSON.stringify(toInput(form, data)) !== JSON.stringify(toInput(formFrom(data), data))
  }, [data, form])

  if (isPending || (data && !form)) {
    return (
      <Container className="px-6 py-4">
        <Text size="small" className="text-ui-fg-subtle">
          Loading settings…
        </Text>
      </Container>
    )
  }
  if (isError || !data || !form) {
    return (
      <Container className="flex items-center justify-between px-6 py-4">
        <Text size="small" className="text-ui-fg-error" role="alert">
          Could not load the settings: {errorMessage(error)}
        </Text>
        <Button size="small" variant="secondary" onClick={() => refetch()}>
          Retry
        </Button>
      </Container>
    )
  }

  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => (f ? { ...f, [key]: value } : f))

  const onSave = () => {
    const { input, error: invalid } = toInput(form, data)
    if (!input) {
      setSaveError(invalid!)
      toast.error("Check the settings", { description: invalid })
      return
    }
    setSaveError(null)
    save.mutate(input, {
      onSuccess: (res) => {
        setForm(formFrom(res))
        toast.success("Settings saved")
      },
      onError: (err) => {
        // A 400 names the field or the unknown placeholder, e.g. "templates.fr.body: unknown placeholder {ClientNom}".
        setSaveError(errorMessage(err))
        toast.error("Settings not saved", { description: errorMessage(err) })
      },
    })
  }

  return (
    <div className="flex flex-col gap-y-3" data-testid="dd-settings-page">
      <Container className="divide-y p-0">
        <div className="flex items-center justify-between gap-x-4 px-6 py-4">
          <div>
            <Heading level="h1">Digital delivery</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              Download limits, when orders are delivered, and the delivery email.
            </Text>
          </div>
          <div className="flex items-center gap-x-3">
            {dirty && <Badge size="2xsmall" color="orange">Unsaved changes</Badge>}
            <Button size="small" onClick={onSave} isLoading={save.isPending} data-testid="dd-save-settings">
              Save
            </Button>
          </div>
        </div>
        {saveError && (
          <div className="px-6 py-4">
            <Alert variant="error" dismissible data-testid="dd-save-error">
              {saveError}
            </Alert>
          </div>
        )}

        <Section title="Downloads" description="Store defaults for new orders. Each file can override them, and each order's downloads can be changed later.">
          <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
            <NumberField
              id="dd-setting-max-downloads"
              label="Max downloads per file"
              hint="Empty = unlimited. Multiplied by the quantity. Metered in bytes: a resumed download costs only what it sends."
              placeholder="Unlimited"
              value={form.default_max_downloads}
              onChange={(v) => set("default_max_downloads", v)}
            />
            <NumberField
              id="dd-setting-validity-days"
              label="Links valid for (days)"
              hint="Empty = never expire. Counted from delivery."
              placeholder="Never expire"
              value={form.default_validity_days}
              onChange={(v) => set("default_validity_days", v)}
            />
          </div>
        </Section>

        <Section title="Delivery" description="When the downloads and the email go out, and what happens on refunds.">
          <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
            <div className="flex flex-col gap-y-2">
              <Label size="small" weight="plus" id="dd-setting-trigger-label">
                Deliver when
              </Label>
              <Select value={form.delivery_trigger} onValueChange={(v) => set("delivery_trigger", v as Form["delivery_trigger"])}>
                <Select.Trigger aria-labelledby="dd-setting-trigger-label" data-testid="dd-setting-trigger">
                  <Select.Value />
                </Select.Trigger>
                <Select.Content>
                  <Select.Item value="captured">The payment is captured (paid)</Select.Item>
                  <Select.Item value="authorized">The payment is authorized</Select.Item>
                  <Select.Item value="manual">Manually, with “Deliver now”</Select.Item>
                </Select.Content>
              </Select>
            </div>
            <div className="flex flex-col gap-y-2">
              <Label size="small" weight="plus" id="dd-setting-registered-label">
                Registered customers get
              </Label>
              <Select value={form.registered_links} onValueChange={(v) => set("registered_links", v as Form["registered_links"])}>
                <Select.Trigger aria-labelledby="dd-setting-registered-label" data-testid="dd-setting-registered-links">
                  <Select.Value />
                </Select.Trigger>
                <Select.Content>
                  <Select.Item value="login">A link to their library (login required)</Select.Item>
                  <Select.Item value="direct">Direct download links, like guests</Select.Item>
                </Select.Content>
              </Select>
            </div>
          </div>
          <div className="mt-4 flex items-start justify-between gap-x-4">
            <div>
              <Label htmlFor="dd-setting-revoke" size="small" weight="plus">
                Revoke downloads on refund
              </Label>
              <Text size="small" className="text-ui-fg-subtle">
                When an order is canceled or fully refunded, its downloads stop working.
              </Text>
            </div>
            <Switch
              id="dd-setting-revoke"
              data-testid="dd-setting-revoke-on-refund"
              checked={form.revoke_on_refund}
              onCheckedChange={(v) => set("revoke_on_refund", v)}
            />
          </div>
        </Section>

        <Section title="Links and alerts">
          <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
            <TextField
              id="dd-setting-storefront-url"
              label="Storefront account page"
              type="url"
              hint="Optional. Where registered customers find their library; empty = the page hosted by the plugin."
              placeholder="https://shop.example.com/account/downloads"
              value={form.storefront_url}
              onChange={(v) => set("storefront_url", v)}
            />
            <TextField
              id="dd-setting-alert-email"
              label="Alert email"
              type="email"
              hint="Optional. Told about storage failures and links refused many times (a shared link)."
              placeholder="ops@example.com"
              value={form.alert_email}
              onChange={(v) => set("alert_email", v)}
            />
          </div>
        </Section>
      </Container>

      <TemplateEditor
        res={data}
        templates={form.templates}
        onChange={(locale, t) => set("templates", { ...form.templates, [locale]: t })}
        defaultTestTo={form.alert_email}
      />
    </div>
  )
}

const Section = ({ title, description, children }: { title: string; description?: string; children: React.ReactNode }) => (
  <div className="flex flex-col gap-y-4 px-6 py-4">
    <div>
      <Heading level="h2">{title}</Heading>
      {description && (
        <Text size="small" className="text-ui-fg-subtle">
          {description}
        </Text>
      )}
    </div>
    <div>{children}</div>
  </div>
)

type FieldProps = { id: string; label: string; hint?: string; placeholder?: string; value: string; onChange: (v: string) => void }

const NumberField = (p: FieldProps) => <TextField {...p} type="number" />

const TextField = ({ id, label, hint, placeholder, value, onChange, type = "text" }: FieldProps & { type?: string }) => (
  <div className="flex flex-col gap-y-2">
    <Label htmlFor={id} size="small" weight="plus">
      {label}
    </Label>
    <Input id={id} data-testid={id} type={type} min={type === "number" ? 0 : undefined} placeholder={placeholder} value={value} onChange={(e) => onChange(e.target.value)} />
    {hint && (
      <Text size="xsmall" className="text-ui-fg-subtle">
        {hint}
      </Text>
    )}
  </div>
)

/** The delivery email per language: subject and body, placeholders, live preview and a test send. */
const TemplateEditor = ({
  res,
  templates,
  onChange,
  defaultTestTo,
}: {
  res: SettingsResponse
  templates: Record<string, EmailTemplate>
  onChange: (locale: string, t: EmailTemplate) => void
  defaultTestTo: string
}) => {
  const [locale, setLocale] = useState<EmailLocale>(res.locales[0] ?? "en")
  const subjectRef = useRef<HTMLInputElement>(null)
  const bodyRef = useRef<HTMLTextAreaElement>(null)
  const lastField = useRef<"subject" | "body">("body")
  const current = templates[locale] ?? res.default_templates[locale]
  const isDefault = current.subject === res.default_templates[locale].subject && current.body === res.default_templates[locale].body

  const request = useDebounced<TemplateRequest>(useMemo(() => ({ locale, template: current }), [locale, current]), 400)
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
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h2">Delivery email</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Sent in the order's language (English when it has none). Plain text: a blank line starts a paragraph, links become clickable.
          </Text>
        </div>
      </div>
      <div className="flex flex-col gap-y-4 px-6 py-4">
        <Tabs value={locale} onValueChange={(v) => setLocale(v as EmailLocale)}>
          <Tabs.List aria-label="Email language">
            {res.locales.map((l) => (
              <Tabs.Trigger key={l} value={l} data-testid={`dd-template-tab-${l}`}>
                {LOCALE_LABEL[l] ?? l}
              </Tabs.Trigger>
            ))}
          </Tabs.List>
        </Tabs>
        <div className="flex flex-col gap-6 lg:flex-row">
          <div className="flex min-w-0 flex-1 flex-col gap-y-4">
            <div className="flex flex-col gap-y-2">
              <Label htmlFor="dd-template-subject" size="small" weight="plus">
                Subject
              </Label>
              <Input
                id="dd-template-subject"
                ref={subjectRef}
                data-testid="dd-template-subject"
                value={current.subject}
                onFocus={() => (lastField.current = "subject")}
                onChange={(e) => onChange(locale, { ...current, subject: e.target.value })}
              />
            </div>
            <div className="flex flex-col gap-y-2">
              <div className="flex items-center justify-between">
                <Label htmlFor="dd-template-body" size="small" weight="plus">
                  Body
                </Label>
                <Button
                  size="small"
                  variant="transparent"
                  disabled={isDefault}
                  onClick={() => onChange(locale, res.default_templates[locale])}
                  data-testid="dd-template-reset"
                >
                  Reset to default
                </Button>
              </div>
              <Textarea
                id="dd-template-body"
                ref={bodyRef}
                data-testid="dd-template-body"
                rows={16}
                className="font-mono text-xs"
                value={current.body}
                onFocus={() => (lastField.current = "body")}
                onChange={(e) => onChange(locale, { ...current, body: e.target.value })}
              />
            </div>
            <div className="flex flex-col gap-y-2">
              <Text size="small" weight="plus">
                Placeholders
              </Text>
              <Text size="xsmall" className="text-ui-fg-subtle">
                Click to insert at the cursor.
              </Text>
              <div className="flex flex-wrap gap-2">
                {Object.entries(res.placeholders).map(([name, description]) => (
                  <Tooltip key={name} content={description}>
                    <Button
                      size="small"
                      variant="secondary"
                      className="font-mono"
                      aria-label={`Insert {${name}}: ${description}`}
                      // Keep the cursor of the field being edited.
                      onMouseDown={(e) => e.preventDefault()}
                      onClick={() => insertPlaceholder(name)}
                      data-testid={`dd-placeholder-${name}`}
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
                {preview.isFetching ? "Updating…" : "Sample order #1001"}
              </Text>
            </div>
            {preview.isError ? (
              <Alert variant="error" data-testid="dd-preview-error">
                {errorMessage(preview.error)}
              </Alert>
            ) : null}
            <div className="shadow-elevation-card-rest bg-ui-bg-base flex flex-1 flex-col overflow-hidden rounded-lg">
              <div className="border-ui-border-base border-b px-4 py-2">
                <Text size="xsmall" className="text-ui-fg-subtle">
                  Subject
                </Text>
                <Text size="small" weight="plus" data-testid="dd-preview-subject">
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
                data-testid="dd-preview"
              />
            </div>
          </div>
        </div>
      </div>
      <SendTest locale={locale} template={current} defaultTo={defaultTestTo} />
    </Container>
  )
}

const SendTest = ({ locale, template, defaultTo }: { locale: EmailLocale; template: EmailTemplate; defaultTo: string }) => {
  const send = useSendTestEmail()
  const [to, setTo] = useState(defaultTo)

  const onSend = () => {
    if (!/^\S+@\S+\.\S+$/.test(to.trim())) {
      toast.error("Enter the address to send the test to")
      return
    }
    send.mutate(
      { to: to.trim(), locale, template },
      {
        onSuccess: () => toast.success("Test email sent", { description: `To ${to.trim()} (${LOCALE_LABEL[locale] ?? locale}, as shown in the editor)` }),
        onError: (err) => toast.error("The test email was not sent", { description: errorMessage(err) }),
      }
    )
  }

  return (
    <div className="flex flex-wrap items-end justify-between gap-4 px-6 py-4">
      <div className="flex flex-1 flex-col gap-y-2" style={{ minWidth: 280 }}>
        <Label htmlFor="dd-send-test-to" size="small" weight="plus">
          Send a test email
        </Label>
        <Input
          id="dd-send-test-to"
          data-testid="dd-send-test-to"
          type="email"
          placeholder="you@example.com"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          onKeyDown={(e) => e.key === "Enter" && onSend()}
        />
      </div>
      <Button size="small" variant="secondary" onClick={onSend} isLoading={send.isPending} data-testid="dd-send-test">
        Send test email
      </Button>
    </div>
  )
}

export const config = defineRouteConfig({ label: "Digital delivery" })

export const handle = { breadcrumb: () => "Digital delivery" }

export default DigitalDeliverySettingsPage
