// data-testids: dd-variant-widget, dd-upload-button, dd-upload-input, dd-add-link, dd-assets-empty
// (rows: components/assets/asset-row.tsx, upload-list.tsx, shipping-section.tsx;
// drawers: components/assets/asset-edit-drawer.tsx, external-link-drawer.tsx)
import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminProductVariant, DetailWidgetProps } from "@medusajs/framework/types"
import { ArrowUpTray, Link as LinkIcon } from "@medusajs/icons"
import { Button, Container, Table } from "@medusajs/ui"
import { useEffect, useRef, useState } from "react"
import { useLocation } from "react-router-dom"
import { AssetEditDrawer } from "../components/assets/asset-edit-drawer"
import { AssetRow } from "../components/assets/asset-row"
import { ExternalLinkDrawer } from "../components/assets/external-link-drawer"
import { ReleasesDrawer } from "../components/releases/releases-drawer"
import { ShippingSection } from "../components/assets/shipping-section"
import { UploadList } from "../components/assets/upload-list"
import { TableHeader } from "../components/common/table-header"
import { CardHeader } from "../components/common/card-header"
import { QueryState, StateText } from "../components/common/query-state"
import { useVariantDigital } from "../hooks/api"
import { useAssetUpload } from "../hooks/use-asset-upload"
import { VARIANT_FILES_ANCHOR } from "../lib/links"
import type { DigitalAsset } from "../lib/types"

/** The files and links sold with this variant: upload (with progress), releases, replace, rename, limits, shipping. */
const VariantDigitalAssetsWidget = ({ data: variant }: DetailWidgetProps<AdminProductVariant>) => {
  const query = useVariantDigital(variant.id)
  const { uploads, start: startUpload } = useAssetUpload(variant.id)
  const [editing, setEditing] = useState<DigitalAsset | null>(null)
  const [releasesOf, setReleasesOf] = useState<string | null>(null)
  const [addingLink, setAddingLink] = useState(false)
  const fileInput = useRef<HTMLInputElement>(null)
  const { data } = query
  const assets = data?.digital_assets ?? []
  const card = useRef<HTMLDivElement>(null)
  const { hash } = useLocation()

  // Reached through "Add files" (#digital-files): bring the card into view and focus its upload button.
  useEffect(() => {
    if (hash !== `#${VARIANT_FILES_ANCHOR}`) return
    card.current?.scrollIntoView({ block: "start" })
    card.current?.querySelector<HTMLButtonElement>('[data-testid="dd-upload-button"]')?.focus({ preventScroll: true })
  }, [hash])

  const onFilesChosen = (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) void startUpload(file)
    if (fileInput.current) fileInput.current.value = ""
  }

  return (
    <Container ref={card} id={VARIANT_FILES_ANCHOR} className="divide-y p-0 scroll-mt-4" data-testid="dd-variant-widget">
      <CardHeader title="Digital delivery" description="Files and links buyers of this variant can download.">
        <Button size="small" variant="secondary" onClick={() => setAddingLink(true)} data-testid="dd-add-link">
          <LinkIcon />
          Add link
        </Button>
        <Button size="small" variant="secondary" onClick={() => fileInput.current?.click()} data-testid="dd-upload-button">
          <ArrowUpTray />
          Upload files
        </Button>
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          aria-label="Upload digital files"
          data-testid="dd-upload-input"
          onChange={(e) => onFilesChosen(e.target.files)}
        />
      </CardHeader>

      <UploadList uploads={uploads} />

      <QueryState
        query={query}
        loading="Loading digital files…"
        errorLabel="Could not load the digital files"
        retry
        empty={
          assets.length === 0 && (
            <StateText testId="dd-assets-empty">
              No files or links: this variant is not sold as a download. Upload a file or add a link to make it digital.
            </StateText>
          )
        }
      >
        <Table>
          <TableHeader columns={["File", "Size", "Downloads", "Validity", ""]} />
          <Table.Body>
            {assets.map((asset) => (
              <AssetRow
                key={asset.id}
                asset={asset}
                variantId={variant.id}
                onEdit={() => setEditing(asset)}
                onReplace={(file) => void startUpload(file, asset)}
                onReleases={() => setReleasesOf(asset.id)}
              />
            ))}
          </Table.Body>
        </Table>
      </QueryState>

      {data && <ShippingSection variant={variant} requiresShipping={data.requires_shipping} profile={data.shipping_profile} />}

      <AssetEditDrawer variantId={variant.id} asset={editing} onClose={() => setEditing(null)} />
      {/* The asset as last read: the list refreshes after "keep earlier releases" changes. */}
      <ReleasesDrawer
        variantId={variant.id}
        asset={assets.find((a) => a.id === releasesOf) ?? null}
        onClose={() => setReleasesOf(null)}
        onPublish={(file, fields) => {
          const asset = assets.find((a) => a.id === releasesOf)
          if (asset) void startUpload(file, asset, fields)
        }}
      />
      <ExternalLinkDrawer variantId={variant.id} open={addingLink} onClose={() => setAddingLink(false)} />
    </Container>
  )
}

// The main column, where its table has room. Medusa 2.21 ignores ".before" (a zone's widgets end their
// column), so the product card's "Add files" links to #digital-files: scrolled here, "Upload files" focused.
export const config = defineWidgetConfig({ zone: "product_variant.details" })

export default VariantDigitalAssetsWidget
