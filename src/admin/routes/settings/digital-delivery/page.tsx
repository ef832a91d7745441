// data-testids: dd-settings-page, dd-save-settings, dd-save-error, dd-setting-max-downloads, dd-setting-validity-days,
// dd-setting-trigger, dd-setting-revoke-on-refund, dd-setting-registered-links,
// dd-setting-alert-email, dd-setting-storefront-url
// (the delivery email: components/settings/template-editor.tsx)
import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Alert, Badge, Button, Container, Heading, Input, Label, Select, Switch, Text, toast } from "@medusajs/ui"
import { useEffect, useMemo, useState } from "react"
import { Field } from "../../../components/common/field"
import { QueryState } from "../../../components/common/query-state"
import { formFrom, toInput, type SettingsForm } from "../../../components/settings/settings-form"
import { TemplateEditor } from "../../../components/settings/template-editor"
import { useDeliverySettings, useUpdateDeliverySettings } from "../../../hooks/api"
import { errorMessage } from "../../../lib/sdk"

/** Settings › Digital delivery: store defaults, delivery trigger, alerts, and the delivery email per language. */
const DigitalDeliverySettingsPage = () => {
  const query = useDeliverySettings()
  const { data } = query
  const save = useUpdateDeliverySettings()
  const [form, setForm] = useState<SettingsForm | null>(null)
  const [saveError, setSaveError] = useState<string | null>(null)

  // Filled once; a background refetch never overwrites unsaved edits (a save refills it).
  useEffect(() => {
    if (data && !form) setForm(formFrom(data))
  }, [data, form])

  const dirty = useMemo(() => {
    if (!data || !form) return false
    return JSON.stringify(toInput(form, data)) !== JSON.stringify(toInput(formFrom(data), data))
  }, [data, form])

  if (!data || !form) {
    // Loading until the form is filled; an error (with Retry) if the settings cannot be read.
    return (
      <Container className="p-0">
        <QueryState
          query={{ isPending: query.isPending || !!data, isError: query.isError, error: query.error, refetch: query.refetch }}
          loading="Loading settings…"
          errorLabel="Could not load the settings"
          retry
        >
          {null}
        </QueryState>
      </Container>
    )
  }

  const set = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => setForm((f) => (f ? { ...f, [key]: value } : f))

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
            <TextField type="number"
              id="dd-setting-max-downloads"
              label="Max downloads per file"
              hint="Empty = unlimited. Multiplied by the quantity. Metered in bytes: a resumed download costs only what it sends."
              placeholder="Unlimited"
              value={form.default_max_downloads}
              onChange={(v) => set("default_max_downloads", v)}
            />
            <TextField type="number"
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
            <Field label="Deliver when" labelId="dd-setting-trigger-label">
              <Select value={form.delivery_trigger} onValueChange={(v) => set("delivery_trigger", v as SettingsForm["delivery_trigger"])}>
                <Select.Trigger aria-labelledby="dd-setting-trigger-label" data-testid="dd-setting-trigger">
                  <Select.Value />
                </Select.Trigger>
                <Select.Content>
                  <Select.Item value="captured">The payment is captured (paid)</Select.Item>
                  <Select.Item value="authorized">The payment is authorized</Select.Item>
                  <Select.Item value="manual">Manually, with “Deliver now”</Select.Item>
                </Select.Content>
              </Select>
            </Field>
            <Field label="Registered customers get" labelId="dd-setting-registered-label">
              <Select value={form.registered_links} onValueChange={(v) => set("registered_links", v as SettingsForm["registered_links"])}>
                <Select.Trigger aria-labelledby="dd-setting-registered-label" data-testid="dd-setting-registered-links">
                  <Select.Value />
                </Select.Trigger>
                <Select.Content>
                  <Select.Item value="login">A link to their library (login required)</Select.Item>
                  <Select.Item value="direct">Direct download links, like guests</Select.Item>
                </Select.Content>
              </Select>
            </Field>
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

type TextFieldProps = { id: string; label: string; hint?: string; placeholder?: string; value: string; onChange: (v: string) => void; type?: string }

/** A text (or number) input in a Field; its id is its data-testid. */
const TextField = ({ id, label, hint, placeholder, value, onChange, type = "text" }: TextFieldProps) => (
  <Field id={id} label={label} hint={hint}>
    <Input id={id} data-testid={id} type={type} min={type === "number" ? 0 : undefined} placeholder={placeholder} value={value} onChange={(e) => onChange(e.target.value)} />
  </Field>
)

export const config = defineRouteConfig({ label: "Digital delivery" })

export const handle = { breadcrumb: () => "Digital delivery" }

export default DigitalDeliverySettingsPage
