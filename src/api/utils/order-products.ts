import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { PageProduct } from "./pages"

type OrderRow = {
  id: string
  display_id?: number | null
  items?: ({ id: string } & Partial<PageProduct>)[] | null
}

/**
 * What the hosted pages say about the orders their files were bought with, in
 * one query for all of them: each order's number, and each order line's
 * product and variant as the order recorded them (the titles the buyer paid
 * for, even if the product was renamed or deleted since).
 */
export async function orderProducts(
  container: MedusaContainer,
  orderIds: string[]
): Promise<{ displayIds: Map<string, number>; products: Map<string, PageProduct> }> {
  const displayIds = new Map<string, number>()
  const products = new Map<string, PageProduct>()
  const ids = [...new Set(orderIds)]
  if (!ids.length) return { displayIds, products }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: ["id", "display_id", "items.id", "items.product_id", "items.product_title", "items.variant_id", "items.variant_title"],
    filters: { id: ids },
  })
  for (const order of data as OrderRow[]) {
    if (order.display_id != null) displayIds.set(order.id, order.display_id)
    for (const item of order.items ?? []) {
      products.set(item.id, {
        product_id: item.product_id ?? null,
        product_title: item.product_title ?? null,
        variant_id: item.variant_id ?? null,
        variant_title: item.variant_title ?? null,
      })
    }
  }
  return { displayIds, products }
}
