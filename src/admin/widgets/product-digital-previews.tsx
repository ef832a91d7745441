// data-testids: dd-previews-widget, dd-previews-upload (data-owner), dd-previews-upload-input, dd-preview-row (data-preview-id),
// dd-preview-up, dd-preview-down, dd-preview-rename, dd-preview-delete, dd-preview-asset (data-asset-id), dd-preview-make, dd-preview-amount
import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminProduct, DetailWidgetProps } from "@medusajs/framework/types"
import { ArrowDownMini, ArrowUpMini, ArrowUpTray, PencilSquare, Sparkles, Trash } from "@medusajs/icons"
import { Badge, Button, Container, IconButton, Input, Text, toast, usePrompt } from "@medusajs/ui"
import { useRef, useState } from "react"
import { CardHeader } from "../components/common/card-header"
import { QueryState, StateText } from "../components/common/query-state"
import {
  useDeletePreview,
  useGeneratePreview,
  useInvalidatePreviews,
  usePreviews,
  useProductAssets,
  useUpdatePreview,
  type DigitalPreview,
  type PreviewableAsset,
} from "../hooks/api/previews"
import { formatBytes } from "../lib/format"
import { errorMessage, uploadWithProgress } from "../lib/sdk"

type Owner = { product_id: string } | { asset_id: string }

/** What a preview of this asset can be cut from: pages of a PDF, seconds of a WAV; null: upload one. */
function cutKind(asset: PreviewableAsset): "pages" | "seconds" | null {
  if (asset.kind !== "file") return null
  if (asset.mime_type === "application/pdf" || /\.pdf$/i.test(asset.filename)) return "pages"
  if (/^audio\/(x-)?(wav|wave)$/.test(asset.mime_type) || /\.wav$/i.test(asset.filename)) return "seconds"
  return null
}

/**
 * Public previews of this product (a trailer, screenshots) and of its files (a sample chapter, a clip):
 * upload, "Make a preview" from a PDF or WAV file, rename, reorder, delete. Anyone can open a preview's
 * link; the Store API lists them for the storefront's product page.
 */
const ProductDigitalPreviewsWidget = ({ data: product }: DetailWidgetProps<AdminProduct>) => {
  const assetsQuery = useProductAssets(product.id)
  const assets = assetsQuery.data ?? []
  const query = usePreviews(product.id, assets.map((a) => a.id), assetsQuery.isSuccess)
  const previews = query.data?.digital_previews ?? []
  const refresh = useInvalidatePreviews(product.id)
  const [uploading, setUploading] = useState<{ name: string; progress: number } | null>(null)
  const fileInput = useRef<HTMLInputElement>(null)
  const uploadOwner = useRef<Owner>({ product_id: product.id })

  const chooseFile = (owner: Owner) => {
    uploadOwner.current = owner
    fileInput.current?.click()
  }
  const upload = async (file: File) => {
    const form = new FormData()
    for (const [key, value] of Object.entries(uploadOwner.current)) form.append(key, value)
    form.append("title", file.name)
    form.append("file", file, file.name)
    setUploading({ name: file.name, progress: 0 })
    try {
      await uploadWithProgress("/admin/digital-previews", form, (progress) => setUploading({ name: file.name, progress })).promise
      await refresh()
      toast.success("Preview uploaded", { description: `${file.name} is public: anyone can open it.` })
    } catch (err) {
      toast.error(`Could not upload ${file.name}`, { description: errorMessage(err) })
    } finally {
      setUploading(null)
    }
  }

  const productPreviews = previews.filter((p) => p.product_id === product.id)
  return (
    <Container className="divide-y p-0" data-testid="dd-previews-widget">
      <CardHeader title="Previews" description="Public samples buyers can see, hear or read before buying.">
        <Button size="small" variant="secondary" onClick={() => chooseFile({ product_id: product.id })} data-testid="dd-previews-upload" data-owner="product">
          <ArrowUpTray />
          Upload preview
        </Button>
        <input
          ref={fileInput}
          type="file"
          hidden
          aria-label="Upload a preview"
          data-testid="dd-previews-upload-input"
          onChange={(e) => {
            const file = e.target.files?.[0]
            if (file) void upload(file)
            e.target.value = ""
          }}
        />
      </CardHeader>
      {uploading && (
        <StateText>
          Uploading {uploading.name}… {Math.round(uploading.progress * 100)}%
        </StateText>
      )}
      <QueryState query={assetsQuery.isError ? assetsQuery : query} loading="Loading previews…" errorLabel="Could not load the previews" retry>
        <div className="px-6 py-4">
          <Text size="small" weight="plus">
            This product
          </Text>
          <PreviewList productId={product.id} previews={productPreviews} empty="No previews of the product yet (a trailer, screenshots)." />
        </div>
        {assets.map((asset) => (
          <AssetPreviews
            key={asset.id}
            productId={product.id}
            asset={asset}
            previews={previews.filter((p) => p.asset_id === asset.id)}
            onUpload={() => chooseFile({ asset_id: asset.id })}
          />
        ))}
      </QueryState>
    </Container>
  )
}

/** One file of the product: its previews, "Make a preview" (PDF, WAV) and "Upload". */
const AssetPreviews = ({ productId, asset, previews, onUpload }: { productId: string; asset: PreviewableAsset; previews: DigitalPreview[]; onUpload: () => void }) => {
  const kind = cutKind(asset)
  const [amount, setAmount] = useState(kind === "pages" ? "3" : "30")
  const generate = useGeneratePreview(productId)
  const make = () => {
    const n = Number(amount)
    generate.mutateAsync({ assetId: asset.id, [kind!]: n }).then(
      ({ digital_preview }) => toast.success("Preview made", { description: digital_preview.title }),
      (err) => toast.error("Could not make a preview", { description: errorMessage(err) })
    )
  }
  return (
    <div className="flex flex-col gap-y-2 px-6 py-4" data-testid="dd-preview-asset" data-asset-id={asset.id}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <Text size="small" weight="plus" className="min-w-0 truncate">
          {asset.filename}
        </Text>
        <div className="flex items-center gap-x-2">
          {kind && (
            <>
              <Input
                size="small"
                type="number"
                min={1}
                max={kind === "pages" ? 50 : 600}
                className="w-20"
                value={amount}
                onChange={(e) => setAmount(e.target.value)}
                aria-label={kind === "pages" ? "Pages in the preview" : "Seconds in the preview"}
                data-testid="dd-preview-amount"
              />
              <Text size="small" className="text-ui-fg-subtle">
                {kind === "pages" ? "first pages" : "first seconds"}
              </Text>
              <Button size="small" variant="secondary" onClick={make} isLoading={generate.isPending} data-testid="dd-preview-make">
                <Sparkles />
                Make a preview
              </Button>
            </>
          )}
          <Button size="small" variant="transparent" onClick={onUpload} data-testid="dd-previews-upload" data-owner="asset">
            <ArrowUpTray />
            Upload
          </Button>
        </div>
      </div>
      <PreviewList productId={productId} previews={previews} empty={kind ? "No previews yet: make one, or upload one." : "No previews yet: upload one."} />
    </div>
  )
}

const PreviewList = ({ productId, previews, empty }: { productId: string; previews: DigitalPreview[]; empty: string }) =>
  previews.length === 0 ? (
    <Text size="small" className="text-ui-fg-muted">
      {empty}
    </Text>
  ) : (
    <ul className="flex flex-col divide-y">
      {previews.map((p, i) => (
        <PreviewRow key={p.id} productId={productId} preview={p} index={i} count={previews.length} />
      ))}
    </ul>
  )

/** A preview: its title (renamed in place), type and size, its public link, up/down and delete. */
const PreviewRow = ({ productId, preview, index, count }: { productId: string; preview: DigitalPreview; index: number; count: number }) => {
  const prompt = usePrompt()
  const update = useUpdatePreview(productId)
  const remove = useDeletePreview(productId)
  const [editing, setEditing] = useState(false)
  const [title, setTitle] = useState(preview.title)
  const fail = (what: string) => (err: unknown) => toast.error(what, { description: errorMessage(err) })

  const save = () => {
    if (!title.trim() || title === preview.title) return setEditing(false)
    update.mutateAsync({ id: preview.id, title: title.trim() }).then(() => setEditing(false), fail("Could not rename the preview"))
  }
  const move = (position: number) => void update.mutateAsync({ id: preview.id, position }).catch(fail("Could not move the preview"))
  const del = async () => {
    const ok = await prompt({ title: "Delete this preview?", description: `"${preview.title}" stops being public at once.`, confirmText: "Delete", cancelText: "Cancel" })
    if (ok) remove.mutateAsync(preview.id).catch(fail("Could not delete the preview"))
  }

  return (
    <li className="flex items-center justify-between gap-x-2 py-2" data-testid="dd-preview-row" data-preview-id={preview.id}>
      <div className="flex min-w-0 flex-col">
        {editing ? (
          <Input
            size="small"
            autoFocus
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            onBlur={save}
            onKeyDown={(e) => {
              if (e.key === "Enter") save()
              if (e.key === "Escape") setEditing(false)
            }}
            aria-label="Preview title"
          />
        ) : (
          <a href={preview.url} target="_blank" rel="noreferrer" className="text-ui-fg-interactive txt-compact-small-plus truncate">
            {preview.title}
          </a>
        )}
        <div className="flex items-center gap-x-2">
          <Text size="xsmall" className="text-ui-fg-subtle truncate">
            {preview.mime_type} · {formatBytes(preview.size)}
          </Text>
          {preview.source === "generated" && <Badge size="2xsmall">Generated</Badge>}
        </div>
      </div>
      <div className="flex shrink-0 items-center">
        <IconButton size="small" variant="transparent" aria-label={`Move ${preview.title} up`} disabled={index === 0} onClick={() => move(index - 1)} data-testid="dd-preview-up">
          <ArrowUpMini />
        </IconButton>
        <IconButton size="small" variant="transparent" aria-label={`Move ${preview.title} down`} disabled={index === count - 1} onClick={() => move(index + 1)} data-testid="dd-preview-down">
          <ArrowDownMini />
        </IconButton>
        <IconButton size="small" variant="transparent" aria-label={`Rename ${preview.title}`} onClick={() => setEditing(true)} data-testid="dd-preview-rename">
          <PencilSquare />
        </IconButton>
        <IconButton size="small" variant="transparent" aria-label={`Delete ${preview.title}`} onClick={() => void del()} data-testid="dd-preview-delete">
          <Trash />
        </IconButton>
      </div>
    </li>
  )
}

export const config = defineWidgetConfig({ zone: "product.details.after" })

export default ProductDigitalPreviewsWidget
