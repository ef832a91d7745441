// data-testids: dd-variant-widget, dd-upload-button, dd-upload-input, dd-upload-row, dd-upload-progress,
// dd-upload-cancel, dd-add-link, dd-asset-row, dd-asset-actions, dd-asset-edit, dd-asset-replace,
// dd-replace-input, dd-asset-remove, dd-toggle-shipping, dd-shipping-blocked
// (drawers: see components/asset-edit-drawer.tsx and components/external-link-drawer.tsx)
import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminProductVariant, DetailWidgetProps } from "@medusajs/framework/types"
import { ArrowUpTray, EllipsisHorizontal, Link as LinkIcon, PencilSquare, Trash, XMark } from "@medusajs/icons"
import {
  Alert,
  Badge,
  Button,
  Container,
  DropdownMenu,
  Heading,
  IconButton,
  Label,
  Switch,
  Table,
  Text,
  toast,
  usePrompt,
} from "@medusajs/ui"
import { useRef, useState } from "react"
import { Link } from "react-router-dom"
import { AssetEditDrawer } from "../components/asset-edit-drawer"
import { ExternalLinkDrawer } from "../components/external-link-drawer"
import { ProgressBar } from "../components/progress-bar"
import { formatBytes } from "../lib/format"
import {
  useInvalidateAssetViews,
  useLinkAssetToVariant,
  useProductDigital,
  useVariantDigital,
  useVariantShipping,
} from "../lib/queries"
import { errorMessage, sdk, uploadWithProgress } from "../lib/sdk"
import type { DigitalAsset, ShippingResult } from "../lib/types"

type Upload = {
  key: string
  name: string
  size: number
  progress: number
  phase: "uploading" | "attaching"
  /** set when the upload replaces this asset's file */
  replaces?: string
  abort: () => void
}

let uploadSeq = 0

/** The files and links sold with this variant: upload (with progress), replace, rename, limits, shipping. */
const VariantDigitalAssetsWidget = ({ data: variant }: DetailWidgetProps<AdminProductVariant>) => {
  const { data, isPending, isError, error, refetch } = useVariantDigital(variant.id)
  const [uploads, setUploads] = useState<Upload[]>([])
  const [editing, setEditing] = useState<DigitalAsset | null>(null)
  const [addingLink, setAddingLink] = useState(false)
  const fileInput = useRef<HTMLInputElement>(null)
  const refresh = useInvalidateAssetViews(variant.id)

  const patchUpload = (key: string, patch: Partial<Upload>) =>
    setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...patch } : u)))
  const dropUpload = (key: string) => setUploads((list) => list.filter((u) => u.key !== key))

  /** Uploads one file (new asset, then attached to this variant) or replaces an asset's file. */
  const startUpload = async (file: File, replaces?: DigitalAsset) => {
    const key = `u${++uploadSeq}`
    const form = new FormData()
    form.append("file", file, file.name)
    if (!replaces) form.append("title", file.name)
    const path = replaces ? `/admin/digital-assets/${replaces.id}/file` : `/admin/digital-assets`
    const handle = uploadWithProgress<{ digital_asset: DigitalAsset }>(path, form, (progress) => patchUpload(key, { progress }))
    setUploads((list) => [
      ...list,
      { key, name: file.name, size: file.size, progress: 0, phase: "uploading", replaces: replaces?.id, abort: handle.abort },
    ])
    try {
      const { digital_asset } = await handle.promise
      if (!replaces) {
        patchUpload(key, { phase: "attaching" })
        await sdk.client.fetch(`/admin/digital-assets/${digital_asset.id}/variants`, {
          method: "POST",
          body: { add: [variant.id] },
        })
      }
      await refresh()
      toast.success(replaces ? "File replaced" : "File uploaded", {
        description: replaces
          ? `${replaces.filename}: version ${digital_asset.version}, served by every existing link.`
          : `${digital_asset.filename} (${formatBytes(digital_asset.size)}) is sold with this variant.`,
      })
    } catch (err) {
      toast.error(replaces ? "Could not replace the file" : `Could not upload ${file.name}`, {
        description: errorMessage(err),
      })
    } finally {
      dropUpload(key)
    }
  }

  const onFilesChosen = (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) void startUpload(file)
    if (fileInput.current) fileInput.current.value = ""
  }

  const assets = data?.digital_assets ?? []

  return (
    <Container className="divide-y p-0" data-testid="dd-variant-widget">
      <div className="flex items-center justify-between gap-x-4 px-6 py-4">
        <div>
          <Heading level="h2">Digital delivery</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Files and links buyers of this variant can download.
          </Text>
        </div>
        <div className="flex items-center gap-x-2">
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
        </div>
      </div>

      {uploads.length > 0 && (
        <div className="flex flex-col gap-y-3 px-6 py-4" aria-live="polite">
          {uploads.map((u) => (
            <div key={u.key} className="flex items-center gap-x-4" data-testid="dd-upload-row">
              <div className="flex min-w-0 flex-1 flex-col gap-y-1.5">
                <div className="flex items-center justify-between gap-x-2">
                  <Text size="small" weight="plus" className="truncate">
                    {u.replaces ? `Replacing with ${u.name}` : u.name}
                  </Text>
                  <Text size="small" className="text-ui-fg-subtle shrink-0 tabular-nums">
                    {u.phase === "attaching" ? "Attaching…" : `${Math.round(u.progress * 100)}% of ${formatBytes(u.size)}`}
                  </Text>
                </div>
                <ProgressBar value={u.progress} label={`Uploading ${u.name}`} />
              </div>
              <IconButton
                size="small"
                variant="transparent"
                aria-label={`Cancel the upload of ${u.name}`}
                data-testid="dd-upload-cancel"
                disabled={u.phase !== "uploading"}
                onClick={u.abort}
              >
                <XMark />
              </IconButton>
            </div>
          ))}
        </div>
      )}

      {isPending ? (
        <div className="px-6 py-4">
          <Text size="small" className="text-ui-fg-subtle">
            Loading digital files…
          </Text>
        </div>
      ) : isError ? (
        <div className="flex items-center justify-between px-6 py-4">
          <Text size="small" className="text-ui-fg-error" role="alert">
            Could not load the digital files: {errorMessage(error)}
          </Text>
          <Button size="small" variant="secondary" onClick={() => refetch()}>
            Retry
          </Button>
        </div>
      ) : assets.length === 0 ? (
        <div className="px-6 py-4" data-testid="dd-assets-empty">
          <Text size="small" className="text-ui-fg-subtle">
            No files or links: this variant is not sold as a download. Upload a file or add a link to make it digital.
          </Text>
        </div>
      ) : (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>File</Table.HeaderCell>
              <Table.HeaderCell>Size</Table.HeaderCell>
              <Table.HeaderCell>Downloads</Table.HeaderCell>
              <Table.HeaderCell>Validity</Table.HeaderCell>
              <Table.HeaderCell className="w-12 pr-6" />
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {assets.map((asset) => (
              <AssetRow
                key={asset.id}
                asset={asset}
                variantId={variant.id}
                onEdit={() => setEditing(asset)}
                onReplace={(file) => void startUpload(file, asset)}
              />
            ))}
          </Table.Body>
        </Table>
      )}

      {data && <ShippingSection variant={variant} requiresShipping={data.requires_shipping} profile={data.shipping_profile} />}

      <AssetEditDrawer variantId={variant.id} asset={editing} onClose={() => setEditing(null)} />
      <ExternalLinkDrawer variantId={variant.id} open={addingLink} onClose={() => setAddingLink(false)} />
    </Container>
  )
}

const AssetRow = ({
  asset,
  variantId,
  onEdit,
  onReplace,
}: {
  asset: DigitalAsset
  variantId: string
  onEdit: () => void
  onReplace: (file: File) => void
}) => {
  const prompt = usePrompt()
  const link = useLinkAssetToVariant(variantId)
  const replaceInput = useRef<HTMLInputElement>(null)

  const remove = async () => {
    const ok = await prompt({
      title: "Remove this file from the variant?",
      description: `New orders of this variant will no longer include "${asset.filename}". Buyers who already have it keep their downloads.`,
      confirmText: "Remove",
      cancelText: "Cancel",
    })
    if (!ok) return
    link.mutate(
      { assetId: asset.id, op: "remove" },
      {
        onSuccess: () => toast.success("File removed from the variant", { description: asset.filename }),
        onError: (err) => toast.error("Could not remove the file", { description: errorMessage(err) }),
      }
    )
  }

  return (
    <Table.Row data-testid="dd-asset-row" data-asset-id={asset.id}>
      <Table.Cell>
        <div className="flex min-w-0 flex-col py-1">
          <div className="flex items-center gap-x-2">
            <Text size="small" weight="plus" className="truncate" data-testid="dd-asset-filename-text">
              {asset.filename}
            </Text>
            {asset.kind === "external_link" && <Badge size="2xsmall">Link</Badge>}
            {asset.kind === "file" && asset.version > 1 && <Badge size="2xsmall">v{asset.version}</Badge>}
          </div>
          {asset.kind === "external_link" ? (
            <Text size="xsmall" className="text-ui-fg-subtle truncate">
              {asset.external_url}
            </Text>
          ) : (
            asset.title !== asset.filename && (
              <Text size="xsmall" className="text-ui-fg-subtle truncate">
                {asset.title}
              </Text>
            )
          )}
        </div>
      </Table.Cell>
      <Table.Cell>{asset.kind === "file" ? formatBytes(asset.size) : "—"}</Table.Cell>
      <Table.Cell>{asset.max_downloads ?? <span className="text-ui-fg-muted">Store default</span>}</Table.Cell>
      <Table.Cell>
        {asset.validity_days != null ? `${asset.validity_days} days` : <span className="text-ui-fg-muted">Store default</span>}
      </Table.Cell>
      <Table.Cell className="pr-6 text-right">
        {asset.kind === "file" && (
          <input
            ref={replaceInput}
            type="file"
            hidden
            aria-label={`Replace ${asset.filename}`}
            data-testid="dd-replace-input"
            onChange={(e) => {
              const file = e.target.files?.[0]
              if (file) onReplace(file)
              e.target.value = ""
            }}
          />
        )}
        <DropdownMenu>
          <DropdownMenu.Trigger asChild>
            <IconButton size="small" variant="transparent" aria-label={`Actions for ${asset.filename}`} data-testid="dd-asset-actions">
              <EllipsisHorizontal />
            </IconButton>
          </DropdownMenu.Trigger>
          <DropdownMenu.Content align="end">
            <DropdownMenu.Item className="gap-x-2" onSelect={onEdit} data-testid="dd-asset-edit">
              <PencilSquare className="text-ui-fg-subtle" />
              Edit name and limits
            </DropdownMenu.Item>
            {asset.kind === "file" && (
              <DropdownMenu.Item className="gap-x-2" onSelect={() => replaceInput.current?.click()} data-testid="dd-asset-replace">
                <ArrowUpTray className="text-ui-fg-subtle" />
                Replace file
              </DropdownMenu.Item>
            )}
            <DropdownMenu.Separator />
            <DropdownMenu.Item className="gap-x-2" onSelect={() => void remove()} data-testid="dd-asset-remove">
              <Trash className="text-ui-fg-subtle" />
              Remove from variant
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu>
      </Table.Cell>
    </Table.Row>
  )
}

const ShippingSection = ({
  variant,
  requiresShipping,
  profile,
}: {
  variant: AdminProductVariant
  requiresShipping: boolean
  profile: { id: string; name: string } | null
}) => {
  const shipping = useVariantShipping(variant.id)
  const [result, setResult] = useState<ShippingResult | null>(null)
  // Names the blocking variants (the same small query as the product widget).
  const product = useProductDigital(variant.product_id ?? "")
  const variantTitle = (id: string) => product.data?.product.variants?.find((v) => v.id === id)?.title || id

  const toggle = (checked: boolean) => {
    setResult(null)
    shipping.mutate(checked, {
      onSuccess: (res) => {
        setResult(res)
        if (!checked && res.blocking_variant_ids.length) {
          toast.warning("The shipping profile stays on the product", {
            description: `${res.blocking_variant_ids.length} other variant(s) still require shipping.`,
          })
        } else {
          toast.success(checked ? "This variant requires shipping" : "No shipping needed for this variant")
        }
      },
      onError: (err) => toast.error("Could not change shipping", { description: errorMessage(err) }),
    })
  }

  return (
    <div className="flex flex-col gap-y-3 px-6 py-4">
      <div className="flex items-start justify-between gap-x-4">
        <div className="flex flex-col">
          <Label htmlFor="dd-requires-shipping" size="small" weight="plus">
            Requires shipping
          </Label>
          <Text size="small" className="text-ui-fg-subtle">
            {requiresShipping
              ? profile
                ? `Checkout asks for a shipping method (shipping profile "${profile.name}").`
                : "Checkout asks for a shipping method (the inventory requires shipping)."
              : "Download only: checkout needs no shipping method."}
          </Text>
        </div>
        <Switch
          id="dd-requires-shipping"
          data-testid="dd-toggle-shipping"
          checked={requiresShipping}
          disabled={shipping.isPending}
          onCheckedChange={toggle}
        />
      </div>
      {result && !result.requires_shipping && result.blocking_variant_ids.length > 0 && (
        <Alert variant="warning" dismissible data-testid="dd-shipping-blocked">
          <Text size="small">
            The product keeps its shipping profile because these variants still require shipping:{" "}
            {result.blocking_variant_ids.map((id, i) => (
              <span key={id}>
                {i > 0 && ", "}
                <Link to={`/products/${variant.product_id}/variants/${id}`} className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover transition-fg">
                  {variantTitle(id)}
                </Link>
              </span>
            ))}
            . Sell the physical edition as its own product to make this one shipping-free.
          </Text>
        </Alert>
      )}
    </div>
  )
}

export const config = defineWidgetConfig({ zone: "product_variant.details.after" })

export default VariantDigitalAssetsWidget
