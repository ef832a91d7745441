import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { DIGITAL_DELIVERY_MODULE } from "../../modules/digital-delivery"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"

/** How the buyer's hosted pages name and show the store. */
export type StoreIdentity = {
  name: string
  /** https only (validated when saved) */
  logo_url: string | null
  /** #rrggbb (validated when saved) */
  accent_color: string | null
  /** an email address or an https URL the refusal pages offer */
  support: { kind: "email" | "url"; value: string } | null
}

/** When neither the settings nor the Store module name the store. */
export const FALLBACK_STORE_NAME = "Medusa Store"

/** How long one instance keeps what it read (another instance sees a change after at most this). */
const TTL_MS = 30_000
/** A refusal sent while the database does not answer waits at most this for the store's name. */
const READ_DEADLINE_MS = 1_000

let cached: { value: StoreIdentity; at: number } | null = null
let reading: Promise<StoreIdentity> | null = null

/** After the settings change: the next page reads them again (this instance at once, others within TTL_MS). */
export function forgetStoreIdentity() {
  cached = null
  reading = null
}

/** The store as the delivery settings and the Store module name it; pure, for tests. */
export function storeIdentityOf(
  settings: { store_name?: string | null; logo_url?: string | null; accent_color?: string | null; support_contact?: string | null },
  storeModuleName: string | null | undefined
): StoreIdentity {
  const contact = settings.support_contact?.trim() || null
  return {
    name: settings.store_name?.trim() || storeModuleName?.trim() || FALLBACK_STORE_NAME,
    logo_url: settings.logo_url && /^https:\/\//i.test(settings.logo_url) ? settings.logo_url : null,
    accent_color: settings.accent_color && /^#[0-9a-f]{6}$/i.test(settings.accent_color) ? settings.accent_color.toLowerCase() : null,
    support: !contact ? null : /^https:\/\//i.test(contact) ? { kind: "url", value: contact } : contact.includes("@") ? { kind: "email", value: contact } : null,
  }
}

async function read(container: MedusaContainer): Promise<StoreIdentity> {
  const service = container.resolve<DigitalDeliveryModuleService>(DIGITAL_DELIVERY_MODULE)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const [settings, stores] = await Promise.all([
    service.getSettings(),
    query.graph({ entity: "store", fields: ["name"], pagination: { take: 1 } }).then(
      ({ data }) => data as { name?: string | null }[]
    ),
  ])
  return storeIdentityOf(settings, stores[0]?.name)
}

/**
 * The store's name (the delivery settings' store_name, else the Store module's
 * store.name), logo, accent colour and support contact, read once and kept
 * TTL_MS. Never throws: when the database does not answer in time (a refusal
 * for "storage unavailable"), the last value read or the bare fallback name.
 */
export async function loadStoreIdentity(container: MedusaContainer): Promise<StoreIdentity> {
  if (cached && Date.now() - cached.at < TTL_MS) return cached.value
  if (!reading) {
    const started = read(container).then((value) => {
      if (reading === started) {
        cached = { value, at: Date.now() }
        reading = null
      }
      return value
    })
    started.catch(() => {
      if (reading === started) reading = null
    })
    reading = started
  }
  const fallback = cached?.value ?? storeIdentityOf({}, null)
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<StoreIdentity>((resolve) => {
    timer = setTimeout(() => resolve(fallback), READ_DEADLINE_MS)
    timer.unref?.()
  })
  try {
    return await Promise.race([reading.catch(() => fallback), late])
  } finally {
    clearTimeout(timer)
  }
}
