import type { z } from "@medusajs/framework/zod"
import type * as Admin from "../../../admin/lib/types"
import type * as Assets from "../digital-assets/responses"
import type * as Delivery from "../digital-delivery/responses"
import type * as Grants from "../download-grants/responses"
import type * as Orders from "../orders/[id]/digital-delivery/responses"
import type * as Previews from "../digital-previews/responses"
import type * as Campaigns from "../digital-delivery/update-campaigns/responses"
import type * as Licenses from "../license-keys/responses"

/**
 * The Admin screens' types of the answers they read (src/admin/lib/types.ts)
 * are the routes' response schemas (which openapi.json is generated from),
 * checked by the compiler: `npm run typecheck` fails when one side gains, loses
 * or changes a field the other does not.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Grant = z.infer<typeof Grants.AdminDownloadGrant>
const agree: [
  Same<Omit<Admin.DownloadGrant, "download_events">, Grant>,
  Same<Admin.DownloadEvent, z.infer<typeof Grants.AdminDownloadEvent>>,
  Same<Admin.GrantHistoryPage, z.infer<typeof Grants.AdminGrantHistory>>,
  Same<Admin.DigitalOrder, z.infer<typeof Delivery.AdminDigitalOrder>>,
  Same<Admin.OrderDelivery, z.infer<typeof Orders.AdminOrderDelivery>>,
  Same<Admin.ShippingResult, z.infer<typeof Delivery.AdminVariantShippingResult>>,
  Same<Admin.EmailPreview, z.infer<typeof Delivery.AdminDeliveryEmailPreview>["preview"]>,
  Same<Admin.DigitalAsset, z.infer<typeof Assets.AdminVariantDigitalAsset>>,
  Same<Admin.DigitalPreview, z.infer<typeof Previews.AdminDigitalPreview>>,
  Same<Admin.UpdateCampaign, z.infer<typeof Campaigns.AdminUpdateCampaign>>,
  Same<Admin.CampaignRecipient, z.infer<typeof Campaigns.AdminCampaignRecipient>>,
  Same<Admin.LicenseKey, z.infer<typeof Licenses.AdminLicenseKey>>,
  Same<Admin.LicenseConfig, z.infer<typeof Licenses.AdminLicenseConfig>>,
  Same<Admin.LicensePublicKey, z.infer<typeof Licenses.AdminLicensePublicKey>>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true]

describe("the Admin's answer types", () => {
  it("are the routes' response schemas (checked at compile time)", () => {
    expect(agree.every(Boolean)).toBe(true)
  })
})
