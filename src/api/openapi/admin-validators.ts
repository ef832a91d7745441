import { z } from "@medusajs/framework/zod"

// The Admin routes' validators, gathered for the OpenAPI document.
export {
  AdminCreateExternalAsset,
  AdminCreateFileAssetFields,
  AdminGetDigitalAssetsParams,
  AdminLinkAssetVariants,
  AdminReplaceFileFields,
  AdminUpdateDigitalAsset,
} from "../admin/digital-assets/validators"
export { AdminGetDownloadGrantsParams, AdminUpdateDownloadGrant } from "../admin/download-grants/validators"
export { AdminPreviewDeliveryEmail, AdminSendTestDeliveryEmail, AdminUpdateDeliverySettings } from "../admin/digital-delivery/settings/validators"
export { AdminBatchDigitalOrders, AdminGetDigitalOrdersParams } from "../admin/digital-delivery/orders/validators"
export { AdminGetGrantHistoryParams } from "../admin/download-grants/[id]/history/validators"
export {
  AdminCreateDigitalPreviewFields,
  AdminGenerateDigitalPreview,
  AdminGetDigitalPreviewsParams,
  AdminUpdateDigitalPreview,
} from "../admin/digital-previews/validators"
export { AdminRegenerateOrderLinks } from "../admin/orders/[id]/digital-delivery/regenerate-links/validators"
export {
  AdminGetCampaignRecipientsParams,
  AdminGetUpdateAudienceParams,
  AdminGetUpdateCampaignsParams,
  AdminStartUpdateCampaign,
  AdminUpdateCampaignAction,
} from "../admin/digital-delivery/update-campaigns/validators"

/** The body of POST /admin/digital-delivery/variants/:id/shipping (inline in middlewares.ts). */
export const AdminVariantShipping = z.object({ requires_shipping: z.boolean() }).strict()
export { AdminUpdateLicenseConfig, AdminUploadLicensePool } from "../admin/license-keys/validators"
