// data-testids: dd-product-widget, dd-product-variant-row, dd-product-variant-link
import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminProduct, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Container, StatusBadge, Table, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { CardHeader } from "../components/common/card-header"
import { TableHeader } from "../components/common/table-header"
import { QueryState, StateText } from "../components/common/query-state"
import { useProductDigital } from "../hooks/api"
import { formatCount } from "../lib/format"

/** Which variants of this product are sold as downloads, and with which files. */
const ProductDigitalVariantsWidget = ({ data: product }: DetailWidgetProps<AdminProduct>) => {
  const query = useProductDigital(product.id)
  const { data } = query
  const variants = data?.product.variants ?? []
  const digitalCount = variants.filter((v) => (v.digital_assets ?? []).some(Boolean)).length

  return (
    <Container className="divide-y p-0" data-testid="dd-product-widget">
      <CardHeader title="Digital delivery">
        {data && (
          <Text size="small" className="text-ui-fg-subtle">{`${digitalCount} of ${formatCount("variants", variants.length)} digital`}</Text>
        )}
      </CardHeader>
      <QueryState
        query={query}
        errorLabel="Could not load the variants"
        empty={variants.length === 0 && <StateText>This product has no variants yet.</StateText>}
      >
        <Table>
          <TableHeader columns={["Variant", "Delivery", "Files"]} />
          <Table.Body>
            {variants.map((v) => {
              const files = (v.digital_assets ?? []).filter((a): a is { id: string; filename: string } => !!a)
              return (
                <Table.Row key={v.id} data-testid="dd-product-variant-row" data-digital={files.length > 0}>
                  <Table.Cell>
                    <Link
                      to={`/products/${product.id}/variants/${v.id}`}
                      className="text-ui-fg-base hover:text-ui-fg-interactive txt-compact-small-plus"
                      data-testid="dd-product-variant-link"
                    >
                      {v.title || v.id}
                    </Link>
                  </Table.Cell>
                  <Table.Cell>
                    {files.length ? <StatusBadge color="green">Digital</StatusBadge> : <StatusBadge color="grey">Not digital</StatusBadge>}
                  </Table.Cell>
                  <Table.Cell className="pr-6">
                    <div className="flex flex-wrap gap-1 py-1">
                      {files.length === 0 && <Text size="small" className="text-ui-fg-muted">—</Text>}
                      {files.map((f) => (
                        <Badge key={f.id} size="2xsmall" className="max-w-[220px] truncate" title={f.filename}>
                          {f.filename}
                        </Badge>
                      ))}
                    </div>
                  </Table.Cell>
                </Table.Row>
              )
            })}
          </Table.Body>
        </Table>
      </QueryState>
    </Container>
  )
}

export const config = defineWidgetConfig({ zone: "product.details.after" })

export default ProductDigitalVariantsWidget
