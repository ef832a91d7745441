// data-testids: dd-settings-page, dd-save-settings (top), dd-save-settings-bottom (sticky footer), dd-save-error, dd-setting-max-downloads, dd-setting-validity-days,
// dd-setting-trigger, dd-setting-revoke-on-refund, dd-setting-registered-links,
// dd-setting-alert-email, dd-setting-storefront-url
// (the delivery email: components/settings/template-editor.tsx)
import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Alert, Badge, Button, Container, Heading, Label, Switch, Text, toast } from "@medusajs/ui"
import { useEffect, useMemo, useState } from "react"
import { CardHeader } from "../../../components/common/card-header"
import { InputField, SelectField } from "../../../components/common/field"
import { QueryState } from "../../../components/common/query-state"
import { UnsavedChangesGuard } from "../../../components/common/unsaved-changes-guard"
import {
  errorsByPath,
  formFrom,
  SELECT_FIELDS,
  templateErrors,
  TEXT_FIELDS,
  toInput,
  withoutError,
  type FieldErrors,
  type SettingsForm,
} from "../../../components/settings/settings-form"
import { TemplateEditor } from "../../../components/settings/template-editor"
import { StoreIdentitySection } from "../../../components/settings/store-identity-section"
import { UpdateEmailsSection } from "../../../components/settings/update-emails-section"
import { LicenseKeysSection } from "../../../components/settings/license-keys-section"
import { useDeliverySettings, useUpdateDeliverySettings } from "../../../hooks/api"
import { ApiError, errorMessage } from "../../../lib/sdk"

/** Where this page's toasts go: the default (bottom right) would cover the sticky footer's Save. */
const TOP = "top-right" as const

/** Settings › Digital delivery: store defaults, delivery trigger, alerts, and the delivery email per language. */
const DigitalDeliverySettingsPage = () => {
  const query = useDeliverySettings()
  const { data } = query
  const save = useUpdateDeliverySettings()
  const [form, setForm] = useState<SettingsForm | null>(null)
  const [saveError, setSaveError] = useState<string | null>(null)
  // Errors of the last save, by field path; each is shown under its field and goes when that field changes.
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({})

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

  const set = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => {
    setForm((f) => (f ? { ...f, [key]: value } : f))
    setFieldErrors((e) => withoutError(e, key))
  }
  const setTemplate = (locale: string, t: SettingsForm["templates"][string]) => {
    const was = form.templates[locale]
    setForm((f) => (f ? { ...f, templates: { ...f.templates, [locale]: t } } : f))
    const changed = (["subject", "body"] as const).filter((k) => was?.[k] !== t[k]).map((k) => `templates.${locale}.${k}`)
    setFieldErrors((e) => withoutError(e, ...changed))
  }
  const textField = (name: keyof typeof TEXT_FIELDS) => (
    <InputField {...TEXT_FIELDS[name]} value={form[name]} onChange={(v) => set(name, v)} error={fieldErrors[name]} />
  )
  /** Brings the first field with an error into view (the template fields sit far below the Save button). */
  const showFirstError = () =>
    requestAnimationFrame(() =>
      document.querySelector('[aria-invalid="true"]')?.scrollIntoView({ behavior: "smooth", block: "center" })
    )
  const selectField = <K extends keyof typeof SELECT_FIELDS>(name: K) => {
    const { id, label, options } = SELECT_FIELDS[name]
    return <SelectField id={id} label={label} value={form[name]} onChange={(v) => set(name, v as SettingsForm[K])} options={options as Record<SettingsForm[K], string>} />
  }

  const onSave = () => {
    const { input, error: invalid } = toInput(form, data)
    if (!input) {
      setSaveError(invalid!)
      toast.error("Check the settings", { description: invalid, position: TOP })
      return
    }
    const unknown = templateErrors(form.templates, data.placeholders)
    if (Object.keys(unknown).length) {
      setFieldErrors(unknown)
      toast.error("Check the delivery email", { description: "A placeholder is not known: see the field marked in red.", position: TOP })
      showFirstError()
      return
    }
    setSaveError(null)
    setFieldErrors({})
    save.mutate(input, {
      onSuccess: (res) => {
        setForm(formFrom(res))
        toast.success("Settings saved", { position: TOP })
      },
      onError: (err) => {
        // A 400 lists the invalid fields: each error goes under its field; the banner only for what has no field.
        const byPath = err instanceof ApiError ? errorsByPath(err.errors) : {}
        if (Object.keys(byPath).length) {
          setFieldErrors(byPath)
          showFirstError()
          toast.error("Settings not saved", { description: "Check the fields marked in red.", position: TOP })
        } else {
          setSaveError(errorMessage(err))
          toast.error("Settings not saved", { description: errorMessage(err), position: TOP })
        }
      },
    })
  }
  const saveButton = (testId: string) => (
    <Button size="small" onClick={onSave} isLoading={save.isPending} data-testid={testId}>
      Save
    </Button>
  )

  return (
    <div className="flex flex-col gap-y-3" data-testid="dd-settings-page">
      <UnsavedChangesGuard when={dirty && !save.isPending} />
      <Container className="divide-y p-0">
        <CardHeader title="Digital delivery" level="h1" description="Download limits, when orders are delivered, and the delivery email.">
          <div className="flex items-center gap-x-3">
            {dirty && <Badge size="2xsmall" color="orange">Unsaved changes</Badge>}
            {saveButton("dd-save-settings")}
          </div>
        </CardHeader>
        {saveError && (
          <div className="px-6 py-4">
            <Alert variant="error" dismissible data-testid="dd-save-error">
              {saveError}
            </Alert>
          </div>
        )}

        <Section title="Downloads" description="Store defaults for new orders. Each file can override them, and each order's downloads can be changed later.">
          <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
            {textField("default_max_downloads")}
            {textField("default_validity_days")}
          </div>
        </Section>

        <Section title="Delivery" description="When the downloads and the email go out, and what happens on refunds.">
          <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
            {selectField("delivery_trigger")}
            {selectField("registered_links")}
            {selectField("unstampable_pdf")}
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
            {textField("storefront_url")}
            {textField("alert_email")}
          </div>
        </Section>
      </Container>

      <StoreIdentitySection />

      <TemplateEditor
        res={data}
        templates={form.templates}
        onChange={setTemplate}
        errors={fieldErrors}
        defaultTestTo={form.alert_email}
      />

      <UpdateEmailsSection defaultTestTo={form.alert_email} />

      <LicenseKeysSection />

      {/* Save at the end of the long page too, kept in view while scrolling. */}
      <div className="sticky bottom-0 z-10 pb-2">
        <Container className="shadow-elevation-flyout flex items-center justify-end gap-x-3 px-6 py-3">
          {dirty && <Badge size="2xsmall" color="orange">Unsaved changes</Badge>}
          {saveButton("dd-save-settings-bottom")}
        </Container>
      </div>
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

export const config = defineRouteConfig({ label: "Digital delivery" })

export const handle = { breadcrumb: () => "Digital delivery" }

export default DigitalDeliverySettingsPage
