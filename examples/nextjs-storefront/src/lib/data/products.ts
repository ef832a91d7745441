"use server"

import { sdk } from "@lib/config"
import type { HttpTypes } from "@medusajs/types"

const FIELDS = "id,title,handle,description,thumbnail,*variants,*variants.calculated_price"

export async function listProducts(regionId: string): Promise<HttpTypes.StoreProduct[]> {
  const { products } = await sdk.store.product.list({ region_id: regionId, fields: FIELDS, limit: 50 })
  return products
}

export async function getProductByHandle(handle: string, regionId: string): Promise<HttpTypes.StoreProduct | null> {
  const { products } = await sdk.store.product.list({ handle, region_id: regionId, fields: FIELDS })
  return products[0] ?? null
}
