import type { MedusaContainer } from "@medusajs/framework/types"
import { LICENSE_WORDS, type Locale } from "../../i18n"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"
import { escapeHtml, type PageProduct } from "./pages"

/**
 * The hosted pages' "License keys" section for orders the visitor may see
 * (the guest's signed order page, the logged-in customer's library): each key
 * with what it is for, or "on its way" while the pool is dry. Empty without keys.
 */
export async function licenseKeysSection(
  container: MedusaContainer,
  orderIds: string[],
  products: Map<string, PageProduct>,
  locale: Locale
): Promise<string> {
  const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const keys = (
    await service.withLicenseManager(async (ctx) => (await Promise.all([...new Set(orderIds)].map((id) => service.licenseKeys.forBuyer(id, ctx)))).flat())
  )
  if (!keys.length) return ""
  const words = LICENSE_WORDS[locale]
  const perLine = new Map<string, number>()
  for (const k of keys) perLine.set(k.line_item_id, (perLine.get(k.line_item_id) ?? 0) + 1)
  const rows = keys.map((k) => {
    const product = products.get(k.line_item_id)
    const name = [product?.product_title, product?.variant_title && product.variant_title !== "Default variant" ? product.variant_title : null]
      .filter(Boolean)
      .join(" — ")
    const unit = (perLine.get(k.line_item_id) ?? 1) > 1 ? ` ${words.unitN.replace("{n}", String(k.unit_index + 1))}` : ""
    const value = k.key ? `<code data-license-key>${escapeHtml(k.key)}</code>` : `<span class="muted">${escapeHtml(words.pending)}</span>`
    return `<li><div class="name">${escapeHtml(`${name || words.licenseKeys}${unit}`)}</div>${value}</li>`
  })
  return `<h2>${escapeHtml(words.licenseKeys)}</h2><ul data-license-keys>${rows.join("")}</ul>`
}
