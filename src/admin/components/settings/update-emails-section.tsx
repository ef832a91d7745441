// data-testids: dd-update-emails, dd-setting-update-per-minute, dd-setting-update-include-expired, dd-update-emails-save
// (its template editor: components/settings/template-editor.tsx with the dd-update- test ids)
import { Badge, Button, Container, Label, Switch, Text, toast } from "@medusajs/ui"
import { useEffect, useMemo, useState } from "react"
import { useDeliverySettings, useUpdateDeliverySettings } from "../../hooks/api"
import { parseOptionalInt } from "../../lib/format"
import { ApiError, errorMessage } from "../../lib/sdk"
import type { EmailLocale, EmailTemplate, SettingsResponse } from "../../lib/types"
import { CardHeader } from "../common/card-header"
import { InputField } from "../common/field"
import { errorsByPath, templateErrors, withoutError, type FieldErrors } from "./settings-form"
import { TemplateEditor } from "./template-editor"

type UpdateForm = { per_minute: string; include_expired: boolean; templates: Record<string, EmailTemplate> }

function formOf(res: SettingsResponse): UpdateForm {
  const own = res.settings.templates?.update ?? {}
  return {
    per_minute: res.settings.update_emails_per_minute?.toString() ?? "",
    include_expired: !!res.settings.update_include_expired,
    templates: Object.fromEntries(
      res.locales.map((l) => {
        const t = own[l] ?? {}
        const def = res.default_update_templates[l]
        return [l, { subject: t.subject?.trim() ? t.subject : def.subject, body: t.body?.trim() ? t.body : def.body }]
      })
    ),
  }
}

/**
 * Settings › Digital delivery › "Update emails": the throttle (emails per
 * minute, every campaign together), whether buyers whose links expired get
 * them, and the update email per language. Its own Save: it sends these
 * fields and the saved delivery templates, never the page's unsaved edits.
 */
export const UpdateEmailsSection = ({ defaultTestTo }: { defaultTestTo: string }) => {
  const { data } = useDeliverySettings()
  const save = useUpdateDeliverySettings()
  const [form, setForm] = useState<UpdateForm | null>(null)
  const [errors, setErrors] = useState<FieldErrors>({})
  useEffect(() => {
    if (data && !form) setForm(formOf(data))
  }, [data, form])
  const dirty = useMemo(() => !!data && !!form && JSON.stringify(form) !== JSON.stringify(formOf(data)), [data, form])
  if (!data || !form) return null

  const onSave = () => {
    const perMinute = parseOptionalInt(form.per_minute, { max: 100_000 })
    if (perMinute === undefined) {
      setErrors({ update_emails_per_minute: "A whole number from 1 to 100000, or empty for no limit." })
      return
    }
    const unknown = Object.fromEntries(
      Object.entries(templateErrors(form.templates, data.update_placeholders)).map(([k, v]) => [k.replace("templates.", "templates.update."), v])
    )
    if (Object.keys(unknown).length) {
      setErrors(unknown)
      toast.error("Check the update email", { description: "A placeholder is not known: see the field marked in red." })
      return
    }
    const update: Partial<Record<EmailLocale, EmailTemplate>> = {}
    for (const l of data.locales) {
      const t = form.templates[l]
      const def = data.default_update_templates[l]
      if (t && (t.subject !== def.subject || t.body !== def.body)) update[l] = t
    }
    const { update: _saved, ...delivery } = data.settings.templates ?? {}
    save.mutate(
      {
        update_emails_per_minute: perMinute,
        update_include_expired: form.include_expired,
        templates: { ...(delivery as Partial<Record<EmailLocale, EmailTemplate>>), update },
      },
      {
        onSuccess: (res) => {
          setForm(formOf(res))
          setErrors({})
          toast.success("Update emails saved")
        },
        onError: (err) => {
          setErrors(err instanceof ApiError ? errorsByPath(err.errors) : {})
          toast.error("Update emails not saved", { description: errorMessage(err) })
        },
      }
    )
  }

  return (
    <div className="flex flex-col gap-y-3" data-testid="dd-update-emails">
      <Container className="divide-y p-0">
        <CardHeader title="Update emails" description="When a new release of a file is published with “email buyers”, every buyer address gets one email.">
          <div className="flex items-center gap-x-3">
            {dirty && <Badge size="2xsmall" color="orange">Unsaved changes</Badge>}
            <Button size="small" onClick={onSave} isLoading={save.isPending} data-testid="dd-update-emails-save">
              Save
            </Button>
          </div>
        </CardHeader>
        <div className="grid grid-cols-1 gap-4 px-6 py-4 md:grid-cols-2">
          <InputField
            id="dd-setting-update-per-minute"
            label="Emails per minute"
            hint="Every campaign together, to stay within the email provider's quota. Empty = no limit."
            placeholder="No limit"
            type="number"
            min={1}
            value={form.per_minute}
            onChange={(v) => {
              setForm({ ...form, per_minute: v })
              setErrors((e) => withoutError(e, "update_emails_per_minute"))
            }}
            error={errors.update_emails_per_minute}
          />
          <div className="flex items-start justify-between gap-x-4">
            <div>
              <Label htmlFor="dd-setting-update-include-expired" size="small" weight="plus">
                Include buyers whose links expired
              </Label>
              <Text size="small" className="text-ui-fg-subtle">
                Revoked downloads never get update emails; unsubscribed addresses neither.
              </Text>
            </div>
            <Switch
              id="dd-setting-update-include-expired"
              data-testid="dd-setting-update-include-expired"
              checked={form.include_expired}
              onCheckedChange={(v) => setForm({ ...form, include_expired: v })}
            />
          </div>
        </div>
      </Container>
      <TemplateEditor
        kind="update"
        res={data}
        templates={form.templates}
        onChange={(locale, t) => {
          setForm({ ...form, templates: { ...form.templates, [locale]: t } })
          setErrors((e) => withoutError(e, `templates.update.${locale}.subject`, `templates.update.${locale}.body`))
        }}
        errors={errors}
        defaultTestTo={defaultTestTo}
      />
    </div>
  )
}
