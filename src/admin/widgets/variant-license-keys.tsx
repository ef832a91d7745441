// data-testids: dd-license-config, dd-license-source, dd-license-pattern, dd-license-limit, dd-license-threshold,
// dd-license-save, dd-license-pool-upload, dd-license-pool-input, dd-license-pool-remaining
import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminProductVariant, DetailWidgetProps } from "@medusajs/framework/types"
import { ArrowUpTray } from "@medusajs/icons"
import { Button, Container, Input, Text, toast } from "@medusajs/ui"
import { useEffect, useRef, useState } from "react"
import { CardHeader } from "../components/common/card-header"
import { Field, SelectField } from "../components/common/field"
import { ErrorRow } from "../components/common/query-state"
import { useLicenseConfig, useUpdateLicenseConfig, useUploadLicensePool } from "../hooks/api"
import { errorMessage } from "../lib/sdk"
import type { LicenseConfig } from "../lib/types"

type Form = Pick<LicenseConfig, "source" | "pattern"> & { activation_limit: string; low_pool_threshold: string }

const SOURCES: Record<LicenseConfig["source"], string> = {
  off: "No license keys",
  generated: "Generated from a pattern",
  pool: "From a pool of keys I upload",
}

/** The variant's license keys: where they come from, the activation limit, and the pool (upload, remaining). */
const VariantLicenseKeysWidget = ({ data: variant }: DetailWidgetProps<AdminProductVariant>) => {
  const { data, isPending, isError, error, refetch } = useLicenseConfig(variant.id)
  const update = useUpdateLicenseConfig(variant.id)
  const upload = useUploadLicensePool(variant.id)
  const fileInput = useRef<HTMLInputElement>(null)
  const [form, setForm] = useState<Form | null>(null)

  useEffect(() => {
    if (!data) return
    const c = data.license_config
    setForm({ source: c.source, pattern: c.pattern, activation_limit: String(c.activation_limit), low_pool_threshold: String(c.low_pool_threshold) })
  }, [data])

  if (isPending || !form) return null
  if (isError) {
    return (
      <Container className="p-0">
        <ErrorRow label="Could not load the license key settings" error={error} onRetry={() => refetch()} />
      </Container>
    )
  }
  const config = data.license_config
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => (f ? { ...f, [key]: value } : f))

  const onSave = () =>
    update.mutate(
      {
        source: form.source,
        pattern: form.pattern.trim(),
        activation_limit: Number(form.activation_limit),
        low_pool_threshold: Number(form.low_pool_threshold),
      },
      {
        onSuccess: () => toast.success("License key settings saved"),
        onError: (err) => toast.error("Could not save the license key settings", { description: errorMessage(err) }),
      }
    )

  const onFile = async (file: File | undefined) => {
    if (!file) return
    const text = await file.text()
    if (fileInput.current) fileInput.current.value = ""
    upload.mutate(text, {
      onSuccess: (res) =>
        toast.success(`${res.added} key(s) added to the pool`, {
          description: res.issued_pending ? `${res.issued_pending} waiting buyer(s) got their key by email.` : undefined,
        }),
      onError: (err) => toast.error("The keys were not added", { description: errorMessage(err) }),
    })
  }

  return (
    <Container className="divide-y p-0" data-testid="dd-license-config">
      <CardHeader title="License keys" description="One key per unit bought, shown to the buyer and checked by your software through the activation API." />
      <div className="grid grid-cols-1 gap-4 px-6 py-4 md:grid-cols-2">
        <SelectField id="dd-license-source" label="Key source" value={form.source} onChange={(v) => set("source", v)} options={SOURCES} />
        <Field label="Activations per key" id="dd-license-limit" hint="Installations that may be active at once.">
          <Input id="dd-license-limit" type="number" min={1} value={form.activation_limit} onChange={(e) => set("activation_limit", e.target.value)} data-testid="dd-license-limit" />
        </Field>
        {form.source === "generated" && (
          <Field label="Pattern" id="dd-license-pattern" hint="X = a random character (no I, L, O, U); the last X is a check character.">
            <Input id="dd-license-pattern" value={form.pattern} onChange={(e) => set("pattern", e.target.value.toUpperCase())} data-testid="dd-license-pattern" />
          </Field>
        )}
        {form.source === "pool" && (
          <Field label="Alert when fewer keys are left than" id="dd-license-threshold">
            <Input id="dd-license-threshold" type="number" min={0} value={form.low_pool_threshold} onChange={(e) => set("low_pool_threshold", e.target.value)} data-testid="dd-license-threshold" />
          </Field>
        )}
      </div>
      <div className="flex items-center justify-between gap-x-4 px-6 py-4">
        {config.source === "pool" || form.source === "pool" ? (
          <div className="flex items-center gap-x-3">
            <Text size="small" data-testid="dd-license-pool-remaining">
              {config.pool_remaining} unused key(s) in the pool
              {config.pool_pending ? ` · ${config.pool_pending} buyer key(s) waiting` : ""}
            </Text>
            <Button size="small" variant="secondary" isLoading={upload.isPending} onClick={() => fileInput.current?.click()} data-testid="dd-license-pool-upload">
              <ArrowUpTray />
              Upload keys (.txt, .csv)
            </Button>
            <input ref={fileInput} type="file" accept=".txt,.csv,text/plain,text/csv" hidden onChange={(e) => void onFile(e.target.files?.[0])} data-testid="dd-license-pool-input" />
          </div>
        ) : (
          <span />
        )}
        <Button size="small" onClick={onSave} isLoading={update.isPending} data-testid="dd-license-save">
          Save
        </Button>
      </div>
    </Container>
  )
}

export const config = defineWidgetConfig({ zone: "product_variant.details" })

export default VariantLicenseKeysWidget
