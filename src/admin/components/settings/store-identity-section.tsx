// data-testids: dd-store-identity, dd-store-name, dd-store-logo-url, dd-store-accent-color, dd-store-support-contact,
// dd-store-identity-save, dd-store-identity-error, dd-store-identity-preview
import { Button, Container, Text, toast } from "@medusajs/ui"
import { useEffect, useMemo, useState } from "react"
import { useDeliverySettings, useUpdateDeliverySettings } from "../../hooks/api"
import { errorMessage } from "../../lib/sdk"
import type { DeliverySettings } from "../../lib/types"
import { CardHeader } from "../common/card-header"
import { FormError, InputField } from "../common/field"

type IdentityForm = { store_name: string; logo_url: string; accent_color: string; support_contact: string }
const KEYS = ["store_name", "logo_url", "accent_color", "support_contact"] as const

const formOf = (s: DeliverySettings): IdentityForm =>
  Object.fromEntries(KEYS.map((k) => [k, s[k] ?? ""])) as IdentityForm

const isHttps = (v: string) => {
  try {
    return new URL(v).protocol === "https:"
  } catch {
    return false
  }
}

/** The first field error, as the server would name it (the server checks again). */
export function identityError(f: IdentityForm): string | null {
  if (f.logo_url.trim() && !isHttps(f.logo_url.trim())) return "Logo: an https:// address of an image."
  if (f.accent_color.trim() && !/^#[0-9a-f]{6}$/i.test(f.accent_color.trim())) return "Accent colour: a colour as #rrggbb, e.g. #0055aa."
  const contact = f.support_contact.trim()
  if (contact && !isHttps(contact) && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(contact)) return "Support contact: an email address or an https:// page."
  return null
}

/**
 * Settings › Digital delivery › "Store on the download pages": the name, logo,
 * accent colour and support contact the buyer's hosted pages show (order
 * page, library, login, refusals). Its own form and Save: it sends only these
 * four fields, so it never overwrites the rest of the page's unsaved edits.
 */
export const StoreIdentitySection = () => {
  const { data } = useDeliverySettings()
  const save = useUpdateDeliverySettings()
  const [form, setForm] = useState<IdentityForm | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    if (data && !form) setForm(formOf(data.settings))
  }, [data, form])

  const dirty = useMemo(
    () => !!data && !!form && JSON.stringify(form) !== JSON.stringify(formOf(data.settings)),
    [data, form]
  )
  if (!data || !form) return null

  const set = (key: keyof IdentityForm) => (value: string) => setForm({ ...form, [key]: value })
  const accent = /^#[0-9a-f]{6}$/i.test(form.accent_color.trim()) ? form.accent_color.trim() : "#18181b"

  const onSave = () => {
    const invalid = identityError(form)
    setError(invalid)
    if (invalid) return
    save.mutate(
      Object.fromEntries(KEYS.map((k) => [k, form[k].trim() || null])),
      {
        onSuccess: (res) => {
          setForm(formOf(res.settings))
          toast.success("Store details saved")
        },
        onError: (err) => {
          // A 400 names the field, e.g. "logo_url must be an https:// URL".
          setError(errorMessage(err))
          toast.error("Store details not saved", { description: errorMessage(err) })
        },
      }
    )
  }

  return (
    <Container className="divide-y p-0" data-testid="dd-store-identity">
      <CardHeader
        title="Store on the download pages"
        description="How the buyer's order page, library and refusal pages name your store, and where they send buyers who need help."
      >
        <Button size="small" variant="secondary" onClick={onSave} isLoading={save.isPending} disabled={!dirty} data-testid="dd-store-identity-save">
          Save
        </Button>
      </CardHeader>
      <div className="flex flex-col gap-y-4 px-6 py-4">
        <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
          <InputField
            id="dd-store-name"
            label="Store name"
            hint="Empty = the store's name from Settings › Store."
            placeholder={data.store_name_default ?? "Your store's name"}
            value={form.store_name}
            onChange={set("store_name")}
            maxLength={120}
          />
          <InputField
            id="dd-store-support-contact"
            label="Support contact"
            hint="Optional. An email address or an https:// page; refusal pages offer it."
            placeholder="help@shop.example.com"
            value={form.support_contact}
            onChange={set("support_contact")}
          />
          <InputField
            id="dd-store-logo-url"
            label="Logo URL"
            hint="Optional. An https:// image, shown in the pages' header."
            placeholder="https://shop.example.com/logo.png"
            type="url"
            value={form.logo_url}
            onChange={set("logo_url")}
          />
          <InputField
            id="dd-store-accent-color"
            label="Accent colour"
            hint="Optional. Buttons and the header's line, as #rrggbb."
            placeholder="#18181b"
            value={form.accent_color}
            onChange={set("accent_color")}
            maxLength={7}
          />
        </div>
        <FormError error={error} testId="dd-store-identity-error" />
        <div className="flex items-center gap-x-3 rounded-md border px-3 py-2" style={{ borderBottom: `3px solid ${accent}` }} data-testid="dd-store-identity-preview">
          {isHttps(form.logo_url.trim()) && <img src={form.logo_url.trim()} alt="" className="max-h-8 max-w-[8rem] object-contain" />}
          <Text size="small" weight="plus">
            {form.store_name.trim() || data.store_name_default || "Your store"}
          </Text>
        </div>
      </div>
    </Container>
  )
}
