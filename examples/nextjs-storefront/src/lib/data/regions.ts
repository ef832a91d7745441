"use server"

import { sdk } from "@lib/config"
import type { HttpTypes } from "@medusajs/types"

/** The region that sells to a country (the URL's /[countryCode]). */
export async function getRegion(countryCode: string): Promise<HttpTypes.StoreRegion | null> {
  const { regions } = await sdk.store.region.list({ fields: "id,name,currency_code,*countries" })
  return regions.find((r) => r.countries?.some((c) => c.iso_2 === countryCode.toLowerCase())) ?? null
}
