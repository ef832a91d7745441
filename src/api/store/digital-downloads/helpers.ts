import type { MedusaRequest, MedusaStoreRequest } from "@medusajs/framework/http"
import type { OrderDetailDTO } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN, MedusaError } from "@medusajs/framework/utils"
import { getLastPaymentStatus } from "@medusajs/medusa/core-flows"
import { DIGITAL_DELIVERY_MODULE } from "../../../modules/digital-delivery"
import { downloadsLeft } from "../../../modules/digital-delivery/utils/grant-rules"
import type DigitalDeliveryModuleService from "../../../modules/digital-delivery/service"
import type { GrantListRow } from "../../../modules/digital-delivery/types"
import { ORDER_DELIVERY_BASE_FIELDS, triggerHolds } from "../../../workflows/utils/delivery-trigger"
import { releaseNotesHtml } from "../../../workflows/utils/release-notes"
import { releaseHref, releasesOf, type AssetReleases } from "../../utils/releases"
import type { AssetRelease } from "../../../modules/digital-delivery/types"
import type { StoreOrderDownloadsBody, StoreOrderFileBody, StoreProductDigitalFactsBody } from "./responses"

/**
 * The Store API's two read models: an order's files as its confirmation page
 * shows them, and a product's files as a buyer may see them before buying.
 * Neither ever carries a storage key, a file id or (except for the order's
 * own logged-in customer) a link.
 */

type AssetRow = {
  id: string
  title: string
  filename: string
  kind: "file" | "external_link"
  size: string | number | null
  max_downloads: number | null
  validity_days: number | null
}
type VariantRow = { id: string; title?: string | null; digital_assets?: (AssetRow | null)[] | null }
type OrderRow = {
  id: string
  status: string
  customer_id?: string | null
  email?: string | null
  items?: ({ id: string; variant_id?: string | null; quantity: unknown } | null)[] | null
}

const ASSET_FIELDS = ["id", "title", "filename", "kind", "size", "max_downloads", "validity_days"].map((f) => `digital_assets.${f}`)

/** "PDF" for "Guide.pdf"; null for external links and names without an extension. */
export function fileFormat(kind: string, filename: string): string | null {
  if (kind !== "file") return null
  const match = /\.([A-Za-z0-9]{1,10})$/.exec(filename)
  return match ? match[1].toUpperCase() : null
}

const bytes = (size: string | number | null | undefined) => (size == null ? null : Number(size))
const iso = (d: Date | string | null | undefined) => (d == null ? null : new Date(d).toISOString())
/** Files in a stable order for a page: by title, then id. */
const byTitle = <T extends { title: string; id: string }>(a: T, b: T) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id)
const assetsOf = (v: VariantRow | undefined) => (v?.digital_assets ?? []).flatMap((a) => (a ? [a] : [])).sort(byTitle)

async function variantsWithAssets(req: MedusaRequest, variantIds: string[]): Promise<VariantRow[]> {
  if (!variantIds.length) return []
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "product_variant",
    fields: ["id", "title", ...ASSET_FIELDS],
    filters: { id: variantIds },
  })
  return data as VariantRow[]
}

/** A release as the Store API shows it (never its storage key). */
export function storeRelease(r: AssetRelease) {
  return {
    version: r.version,
    label: r.version_label,
    published_at: r.published_at.toISOString(),
    size: r.size,
    notes: r.release_notes,
    notes_html: releaseNotesHtml(r.release_notes),
  }
}

function grantFile(service: DigitalDeliveryModuleService, g: GrantListRow, owner: boolean, releases?: AssetReleases): StoreOrderFileBody {
  const link = owner && g.status === "active" ? service.shortLivedGrantUrl(g) : null
  return {
    id: g.id,
    asset_id: g.asset_id,
    title: g.asset_title,
    filename: g.asset_filename,
    format: fileFormat(g.asset_kind, g.asset_filename),
    kind: g.asset_kind,
    size: bytes(g.asset_size),
    status: g.status,
    max_downloads: g.max_downloads,
    downloads_left: downloadsLeft(g),
    expires_at: iso(g.expires_at),
    download_url: link?.url ?? null,
    download_url_expires_at: iso(link?.expires_at),
    release: releases?.current ? storeRelease(releases.current) : null,
    earlier_releases: (releases?.earlier ?? []).map((r) => ({
      ...storeRelease(r),
      download_url: link ? releaseHref(link.url, r.version) : null,
    })),
  }
}

/**
 * An order's digital goods for its confirmation page. `customerId` is the
 * logged-in customer (if any): the order's own customer gets short-lived links
 * for its active files; anyone else gets the same list without links.
 * Throws not found when the order does not exist.
 */
export async function orderDownloads(req: MedusaRequest, orderId: string, customerId: string | null): Promise<StoreOrderDownloadsBody> {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const service = req.scope.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const { data } = await query.graph({
    entity: "order",
    fields: ORDER_DELIVERY_BASE_FIELDS,
    filters: { id: orderId },
  })
  const order = data[0] as OrderRow | undefined
  if (!order) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order with id: ${orderId} was not found`)
  }
  const owner = !!customerId && order.customer_id === customerId
  const [grants] = await service.listGrants({ order_id: order.id }, { limit: 500, offset: 0, order: "created_at" })
  const [digitalOrder] = await service.listDigitalOrders({ order_id: order.id }, { select: ["canceled_at"], take: 1 })
  const items = (order.items ?? []).flatMap((i) => (i?.variant_id ? [{ ...i, variant_id: i.variant_id }] : []))
  const variants = grants.length ? [] : await variantsWithAssets(req, [...new Set(items.map((i) => i.variant_id))])
  const byVariant = new Map(variants.map((v) => [v.id, assetsOf(v)]))
  const hasDigital = grants.length > 0 || items.some((i) => (byVariant.get(i.variant_id) ?? []).length > 0)
  const canceled = order.status === "canceled" || !!digitalOrder?.canceled_at

  const keys = await service.withLicenseManager((ctx) => service.licenseKeys.forBuyer(order.id, ctx))
  const base = {
    order_id: order.id,
    access: owner ? ("owner" as const) : ("anonymous" as const),
    // The keys themselves only for the order's own customer (guests have their email and order page).
    license_keys: keys.map(({ variant_id, key, ...k }) => ({ ...k, product_variant_id: variant_id, key: owner ? key : null })),
  }
  if (!hasDigital) {
    return { ...base, has_digital_goods: false, delivery_state: "none", can_resend: false, files: [] }
  }
  if (grants.length) {
    const releases = await releasesOf(service, grants.map((g) => g.asset_id))
    return {
      ...base,
      has_digital_goods: true,
      delivery_state: canceled ? "canceled" : "delivered",
      can_resend: !!order.email && grants.some((g) => !g.revoked_at),
      // Grants issued together share created_at: sorted by title like the files before delivery.
      files: grants
        .map((g) => grantFile(service, g, owner, releases.get(g.asset_id)))
        .sort((a, b) => a.title.localeCompare(b.title) || a.id!.localeCompare(b.id!)),
    }
  }

  // Not delivered yet: the files to come, with the limits the buyer will get.
  const settings = await service.getSettings()
  const paid = triggerHolds(settings.delivery_trigger, getLastPaymentStatus(order as unknown as OrderDetailDTO))
  const pendingReleases = await releasesOf(service, items.flatMap((item) => (byVariant.get(item.variant_id) ?? []).map((a) => a.id)))
  const files: StoreOrderFileBody[] = items.flatMap((item) =>
    (byVariant.get(item.variant_id) ?? []).map((a) => {
      const current = pendingReleases.get(a.id)?.current
      const perUnit = a.max_downloads ?? settings.default_max_downloads
      const max = perUnit == null ? null : perUnit * (MathBN.convert(item.quantity as never).toNumber() || 1)
      return {
        id: null,
        asset_id: a.id,
        title: a.title,
        filename: a.filename,
        format: fileFormat(a.kind, a.filename),
        kind: a.kind,
        size: bytes(a.size),
        status: canceled ? "revoked" : "pending",
        max_downloads: max,
        downloads_left: max,
        expires_at: null,
        download_url: null,
        download_url_expires_at: null,
        release: current ? storeRelease(current) : null,
        earlier_releases: [],
      }
    })
  )
  return {
    ...base,
    has_digital_goods: true,
    delivery_state: canceled ? "canceled" : paid ? "processing" : "awaiting_payment",
    can_resend: false,
    files,
  }
}

type ProductRow = {
  id: string
  status: string
  sales_channels?: ({ id: string } | null)[] | null
  variants?: (VariantRow | null)[] | null
}

/**
 * A product's files as a buyer may see them before buying: per variant that
 * carries files, their titles, formats and sizes, and the downloads and days
 * of access a buyer gets. Only a published product of the publishable key's
 * sales channels is found (as Medusa's own GET /store/products/:id).
 */
export async function productDigitalFacts(req: MedusaStoreRequest, productId: string): Promise<StoreProductDigitalFactsBody> {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const service = req.scope.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const { data } = await query.graph({
    entity: "product",
    fields: ["id", "status", "sales_channels.id", "variants.id", "variants.title", ...ASSET_FIELDS.map((f) => `variants.${f}`)],
    filters: { id: productId },
  })
  const product = data[0] as ProductRow | undefined
  const channels = req.publishable_key_context?.sales_channel_ids ?? []
  const inChannel = !channels.length || (product?.sales_channels ?? []).some((c) => c && channels.includes(c.id))
  if (!product || product.status !== "published" || !inChannel) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Product with id: ${productId} was not found`)
  }
  const settings = await service.getSettings()
  const assetIds = (product.variants ?? []).flatMap((v) => assetsOf(v ?? undefined).map((a) => a.id))
  const previews = await publicPreviews(service, product.id, assetIds)
  const previewsOf = (owner: string) => previews.get(owner) ?? []
  const variants = (product.variants ?? []).flatMap((v) => {
    const assets = assetsOf(v ?? undefined)
    if (!v || !assets.length) return []
    const files = assets.map((a) => ({
      title: a.title,
      format: fileFormat(a.kind, a.filename),
      kind: a.kind,
      size: bytes(a.size),
      max_downloads: a.max_downloads ?? settings.default_max_downloads ?? null,
      validity_days: a.validity_days ?? settings.default_validity_days ?? null,
      previews: previewsOf(a.id),
    }))
    // The least generous file's figure: what the buyer can count on for every file.
    const least = (values: (number | null)[]) => (values.every((n) => n == null) ? null : Math.min(...values.filter((n): n is number => n != null)))
    return [
      {
        variant_id: v.id,
        title: v.title ?? null,
        files,
        total_size: files.some((f) => f.size == null) ? null : files.reduce((sum, f) => sum + (f.size ?? 0), 0),
        max_downloads: least(files.map((f) => f.max_downloads)),
        validity_days: least(files.map((f) => f.validity_days)),
      },
    ]
  })
  return { product_id: product.id, has_digital_goods: variants.length > 0, variants, previews: previewsOf(product.id) }
}

type StorePreviewBody = StoreProductDigitalFactsBody["previews"][number]

/** The public previews of a product and of its assets, by owner id, each list in the merchant's order. */
async function publicPreviews(service: DigitalDeliveryModuleService, productId: string, assetIds: string[]): Promise<Map<string, StorePreviewBody[]>> {
  const rows = await service.listDigitalPreviews(
    { $or: [{ product_id: productId }, ...(assetIds.length ? [{ asset_id: [...new Set(assetIds)] }] : [])] },
    { select: ["id", "product_id", "asset_id", "title", "filename", "mime_type", "size"], order: { position: "ASC", created_at: "ASC" }, take: null }
  )
  const byOwner = new Map<string, StorePreviewBody[]>()
  for (const row of rows) {
    const owner = (row.product_id ?? row.asset_id)!
    const list = byOwner.get(owner) ?? []
    list.push({ id: row.id, title: row.title, filename: row.filename, mime_type: row.mime_type, size: Number(row.size), url: service.previewUrl(row.id) })
    byOwner.set(owner, list)
  }
  return byOwner
}
