// data-testids: dd-asset-row, dd-asset-actions, dd-asset-edit, dd-asset-replace, dd-replace-input, dd-asset-remove,
// dd-asset-releases (menu item), dd-asset-release-summary
import { ArrowUpTray, EllipsisHorizontal, PencilSquare, Tag, Trash } from "@medusajs/icons"
import { Badge, DropdownMenu, IconButton, Table, Text, toast, usePrompt } from "@medusajs/ui"
import { useRef } from "react"
import { useLinkAssetToVariant } from "../../hooks/api"
import { formatBytes, formatCount } from "../../lib/format"
import { errorMessage } from "../../lib/sdk"
import type { DigitalAsset } from "../../lib/types"

/** One file or link of a variant: name, size, limit overrides, and its actions (edit, replace the file, remove). */
export const AssetRow = ({
  asset,
  variantId,
  onEdit,
  onReplace,
  onReleases,
}: {
  asset: DigitalAsset
  variantId: string
  onEdit: () => void
  onReplace: (file: File) => void
  /** opens the file's releases (list, keep earlier ones, publish a new one) */
  onReleases: () => void
}) => {
  const current = asset.versions?.find((v) => v.version === asset.version)
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
    // mutateAsync, not mutate's callbacks: the row unmounts as soon as the list refreshes (before the
    // mutation settles), and React Query drops the callbacks of an unmounted component: no toast came.
    const name = asset.filename
    link.mutateAsync({ assetId: asset.id, op: "remove" }).then(
      () => toast.success("File removed from the variant", { description: name }),
      (err) => toast.error("Could not remove the file", { description: errorMessage(err) })
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
          {asset.kind === "file" && (asset.version > 1 || current?.version_label) && (
            <button
              type="button"
              className="txt-compact-xsmall text-ui-fg-interactive self-start hover:underline"
              onClick={onReleases}
              data-testid="dd-asset-release-summary"
            >
              {`${current?.version_label ?? `Version ${asset.version}`} · ${asset.version} release${asset.version === 1 ? "" : "s"}${asset.keep_earlier_releases ? " · earlier ones downloadable" : ""}`}
            </button>
          )}
        </div>
      </Table.Cell>
      <Table.Cell>{asset.kind === "file" ? formatBytes(asset.size) : "—"}</Table.Cell>
      <Table.Cell>{asset.max_downloads ?? <span className="text-ui-fg-muted">Store default</span>}</Table.Cell>
      <Table.Cell>
        {asset.validity_days != null ? formatCount("days", asset.validity_days) : <span className="text-ui-fg-muted">Store default</span>}
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
              <DropdownMenu.Item className="gap-x-2" onSelect={onReleases} data-testid="dd-asset-releases">
                <Tag className="text-ui-fg-subtle" />
                Releases and new release
              </DropdownMenu.Item>
            )}
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
