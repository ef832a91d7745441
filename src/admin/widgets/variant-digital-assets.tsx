import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminProductVariant, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Container, Heading, Text } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { sdk } from "../lib/sdk"

type Asset = { id: string; title: string; filename: string; kind: "file" | "external_link"; size: number | null }

const FIELDS = "digital_assets.id,digital_assets.title,digital_assets.filename,digital_assets.kind,digital_assets.size"

function formatSize(bytes: number | null) {
  if (bytes == null) return ""
  const units = ["B", "KB", "MB", "GB"]
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(unit ? 1 : 0)} ${units[unit]}`
}

/** The files sold with this variant (read-only for now; managed through the admin API). */
const VariantDigitalAssetsWidget = ({ data: variant }: DetailWidgetProps<AdminProductVariant>) => {
  const [assets, setAssets] = useState<Asset[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    sdk.client
      .fetch<{ variant: { digital_assets?: Asset[] } }>(
        `/admin/products/${variant.product_id}/variants/${variant.id}`,
        { query: { fields: FIELDS } }
      )
      .then((res) => setAssets(res.variant.digital_assets ?? []))
      .catch((e: Error) => setError(e.message))
  }, [variant.id, variant.product_id])

  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Digital files</Heading>
      </div>
      <div className="px-6 py-4">
        {error && <Text className="text-ui-fg-error">{error}</Text>}
        {!error && assets === null && <Text className="text-ui-fg-subtle">Loading…</Text>}
        {assets?.length === 0 && <Text className="text-ui-fg-subtle">No files: this variant is not digital.</Text>}
        {assets?.map((asset) => (
          <div key={asset.id} className="flex items-center justify-between py-1">
            <Text>{asset.filename}</Text>
            <Badge size="2xsmall">{asset.kind === "file" ? formatSize(asset.size) : "external link"}</Badge>
          </div>
        ))}
      </div>
    </Container>
  )
}

export const config = defineWidgetConfig({ zone: "product_variant.details.after" })

export default VariantDigitalAssetsWidget
