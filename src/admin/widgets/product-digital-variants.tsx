// data-testids: dd-product-widget (data-state: digital | not-digital), dd-product-not-digital, dd-product-add-files,
// dd-product-variant-row (data-digital), dd-product-variant-link, dd-product-variant-files-link
import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminProduct, DetailWidgetProps } from "@medusajs/framework/types"
import { ArrowUpTray } from "@medusajs/icons"
import { Badge, Button, Container, StatusBadge, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { CardHeader } from "../components/common/card-header"
import { QueryState, StateText } from "../components/common/query-state"
import { useProductDigital } from "../hooks/api"
import { formatCount } from "../lib/format"
import { variantFilesPath } from "../lib/links"

/**
 * Which variants of this product are sold as downloads, and with which files: "Not digital yet" with an
 * "Add files" action that leads to the variant's files. In the side column: Medusa 2.21's layout composer
 * ignores ".before"/".after" and puts a zone's widgets at the end of its column, and the side column ends
 * long before the main one (after Attributes, not below the JSON). A merchant can drag it higher with
 * Medusa's "Customize layout".
 */
const ProductDigitalVariantsWidget = ({ data: product }: DetailWidgetProps<AdminProduct>) => {
  const query = useProductDigital(product.id)
  const { data } = query
  const variants = data?.product.variants ?? []
  const filesOf = (v: (typeof variants)[number]) => (v.digital_assets ?? []).filter((a): a is { id: string; filename: string } => !!a)
  const digitalCount = variants.filter((v) => filesOf(v).length > 0).length
  const first = variants[0]

  return (
    <Container className="divide-y p-0" data-testid="dd-product-widget" data-state={digitalCount ? "digital" : "not-digital"}>
      <CardHeader title="Digital delivery">
        {data && variants.length > 0 && (
          <StatusBadge color={digitalCount ? "green" : "grey"}>
            {digitalCount ? `${digitalCount} of ${formatCount("variants", variants.length)} digital` : "Not digital yet"}
          </StatusBadge>
        )}
      </CardHeader>
      <QueryState
        query={query}
        errorLabel="Could not load the variants"
        empty={variants.length === 0 && <StateText>Add a variant to this product, then attach its files.</StateText>}
      >
        {digitalCount === 0 && first && (
          <div className="flex flex-col gap-y-3 px-6 py-4" data-testid="dd-product-not-digital">
            <Text size="small" className="text-ui-fg-subtle">
              Sell this product as a download: attach files or links to a variant. Buyers get their download links when they pay.
            </Text>
            <Button size="small" variant="secondary" className="self-start" asChild>
              <Link to={variantFilesPath(product.id, first.id)} data-testid="dd-product-add-files">
                <ArrowUpTray />
                {variants.length > 1 ? `Add files to ${first.title || "the first variant"}` : "Add files"}
              </Link>
            </Button>
          </div>
        )}
        {(digitalCount > 0 || variants.length > 1) && (
          <ul className="divide-y">
            {variants.map((v) => {
              const files = filesOf(v)
              return (
                <li key={v.id} className="flex flex-col gap-y-1 px-6 py-3" data-testid="dd-product-variant-row" data-digital={files.length > 0}>
                  <div className="flex items-center justify-between gap-x-2">
                    <Link
                      to={`/products/${product.id}/variants/${v.id}`}
                      className="text-ui-fg-base hover:text-ui-fg-interactive txt-compact-small-plus min-w-0 truncate"
                      data-testid="dd-product-variant-link"
                    >
                      {v.title || v.id}
                    </Link>
                    <Link
                      to={variantFilesPath(product.id, v.id)}
                      className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover txt-compact-small shrink-0"
                      data-testid="dd-product-variant-files-link"
                    >
                      {files.length ? "Edit files" : "Add files"}
                    </Link>
                  </div>
                  {files.length ? (
                    <div className="flex flex-wrap items-center gap-1">
                      <Text size="xsmall" className="text-ui-fg-subtle">
                        {formatCount("files", files.length)}:
                      </Text>
                      {files.map((f) => (
                        <Badge key={f.id} size="2xsmall" className="max-w-[200px] truncate" title={f.filename}>
                          {f.filename}
                        </Badge>
                      ))}
                    </div>
                  ) : (
                    <Text size="xsmall" className="text-ui-fg-muted">
                      Not digital
                    </Text>
                  )}
                </li>
              )
            })}
          </ul>
        )}
      </QueryState>
    </Container>
  )
}

export const config = defineWidgetConfig({ zone: "product.details.side" })

export default ProductDigitalVariantsWidget
