import {
  authenticate,
  defineMiddlewares,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import { z } from "@medusajs/framework/zod"
import {
  AdminGetDigitalAssetsParams,
  AdminLinkAssetVariants,
  AdminUpdateDigitalAsset,
} from "./admin/digital-assets/validators"
import {
  AdminGetDownloadGrantsParams,
  AdminUpdateDownloadGrant,
} from "./admin/download-grants/validators"
import {
  AdminPreviewDeliveryEmail,
  AdminSendTestDeliveryEmail,
  AdminUpdateDeliverySettings,
} from "./admin/digital-delivery/settings/validators"
import { AdminBatchDigitalOrders, AdminGetDigitalOrdersParams } from "./admin/digital-delivery/orders/validators"
import { AdminGetGrantHistoryParams } from "./admin/download-grants/[id]/history/validators"
import { AdminRegenerateOrderLinks } from "./admin/orders/[id]/digital-delivery/regenerate-links/validators"
import {
  AdminGetCampaignRecipientsParams,
  AdminGetUpdateAudienceParams,
  AdminGetUpdateCampaignsParams,
  AdminStartUpdateCampaign,
  AdminUpdateCampaignAction,
} from "./admin/digital-delivery/update-campaigns/validators"
import { validateBody, validateParams, validateQuery } from "./utils/validate-input"
import {
  StoreDownloadLinkBody,
  StoreNoQuery,
  StoreOrderParams,
  StoreProductParams,
  StoreResendOrderEmail,
} from "./store/digital-downloads/validators"
import { refuseCrossSite } from "./utils/cross-site"
import {
  AdminGenerateDigitalPreview,
  AdminGetDigitalPreviewsParams,
  AdminUpdateDigitalPreview,
} from "./admin/digital-previews/validators"
import { rateLimitByIp } from "./utils/rate-limit"
import { AdminUpdateLicenseConfig, AdminUploadLicensePool } from "./admin/license-keys/validators"
import { LicenseActivationBody, LicenseValidationBody } from "./digital-downloads/licenses/validators"

export default defineMiddlewares({
  routes: [
    {
      matcher: "/admin/digital-assets",
      method: ["GET"],
      middlewares: [
        validateAndTransformQuery(AdminGetDigitalAssetsParams, {
          defaults: ["id"],
          isList: true,
        }),
      ],
    },
    {
      matcher: "/admin/digital-assets/:id",
      method: ["POST"],
      middlewares: [validateBody(AdminUpdateDigitalAsset)],
    },
    {
      matcher: "/admin/digital-assets/:id/variants",
      method: ["POST"],
      middlewares: [validateBody(AdminLinkAssetVariants)],
    },
    {
      matcher: "/admin/download-grants",
      method: ["GET"],
      middlewares: [validateQuery(AdminGetDownloadGrantsParams)],
    },
    {
      matcher: "/admin/download-grants/:id",
      method: ["POST"],
      middlewares: [validateBody(AdminUpdateDownloadGrant)],
    },
    {
      matcher: "/admin/download-grants/:id/history",
      method: ["GET"],
      middlewares: [validateQuery(AdminGetGrantHistoryParams)],
    },
    {
      matcher: "/admin/digital-delivery/settings",
      method: ["POST"],
      middlewares: [validateBody(AdminUpdateDeliverySettings)],
    },
    {
      matcher: "/admin/digital-delivery/settings/preview",
      method: ["POST"],
      middlewares: [validateBody(AdminPreviewDeliveryEmail)],
    },
    {
      matcher: "/admin/digital-delivery/settings/send-test",
      method: ["POST"],
      middlewares: [validateBody(AdminSendTestDeliveryEmail)],
    },
    {
      matcher: "/admin/digital-delivery/variants/:id/shipping",
      method: ["POST"],
      middlewares: [validateBody(z.object({ requires_shipping: z.boolean() }).strict())],
    },
    {
      matcher: "/admin/digital-delivery/orders",
      method: ["GET"],
      middlewares: [validateQuery(AdminGetDigitalOrdersParams)],
    },
    {
      matcher: "/admin/digital-delivery/orders/batch",
      method: ["POST"],
      middlewares: [validateBody(AdminBatchDigitalOrders)],
    },
    {
      matcher: "/admin/orders/:id/digital-delivery/regenerate-links",
      method: ["POST"],
      middlewares: [validateBody(AdminRegenerateOrderLinks)],
    },
    // Previews (issue 17): public samples of a product or an asset.
    {
      matcher: "/admin/digital-previews",
      method: ["GET"],
      middlewares: [validateQuery(AdminGetDigitalPreviewsParams)],
    },
    {
      matcher: "/admin/digital-previews/:id",
      method: ["POST"],
      middlewares: [validateBody(AdminUpdateDigitalPreview)],
    },
    {
      matcher: "/admin/digital-assets/:id/previews",
      method: ["POST"],
      middlewares: [validateBody(AdminGenerateDigitalPreview)],
    },
    {
      matcher: "/admin/digital-assets/:id/update-campaigns",
      method: ["POST"],
      middlewares: [validateBody(AdminStartUpdateCampaign)],
    },
    {
      matcher: "/admin/digital-assets/:id/update-audience",
      method: ["GET"],
      middlewares: [validateQuery(AdminGetUpdateAudienceParams)],
    },
    {
      matcher: "/admin/digital-delivery/update-campaigns",
      method: ["GET"],
      middlewares: [validateQuery(AdminGetUpdateCampaignsParams)],
    },
    {
      matcher: "/admin/digital-delivery/update-campaigns/:id",
      method: ["POST"],
      middlewares: [validateBody(AdminUpdateCampaignAction)],
    },
    {
      matcher: "/admin/digital-delivery/update-campaigns/:id/recipients",
      method: ["GET"],
      middlewares: [validateQuery(AdminGetCampaignRecipientsParams)],
    },
    // License keys (issue 18): a variant's key source, its pool.
    {
      matcher: "/admin/digital-delivery/variants/:id/license-keys",
      method: ["POST"],
      middlewares: [validateBody(AdminUpdateLicenseConfig)],
    },
    {
      matcher: "/admin/digital-delivery/variants/:id/license-keys/pool",
      method: ["POST"],
      // A pool of 50,000 keys is a few MB of text: more than the default JSON body limit.
      bodyParser: { sizeLimit: "6mb" },
      middlewares: [validateBody(AdminUploadLicensePool)],
    },
    // The activation API for the merchant's software: per address here, per key in the route.
    {
      matcher: "/digital-downloads/licenses/activate",
      method: ["POST"],
      middlewares: [rateLimitByIp("license_ip"), validateBody(LicenseActivationBody)],
    },
    {
      matcher: "/digital-downloads/licenses/deactivate",
      method: ["POST"],
      middlewares: [rateLimitByIp("license_ip"), validateBody(LicenseActivationBody)],
    },
    {
      matcher: "/digital-downloads/licenses/validate",
      method: ["POST"],
      middlewares: [rateLimitByIp("license_ip"), validateBody(LicenseValidationBody)],
    },
    // Public routes are rate limited per client address (429 + Retry-After);
    // /digital-downloads/:token also per grant, inside the route.
    {
      matcher: "/digital-downloads/orders/*",
      middlewares: [rateLimitByIp("download_ip")],
    },
    {
      matcher: "/digital-downloads/unsubscribe/*",
      middlewares: [rateLimitByIp("download_ip")],
    },
    {
      matcher: "/digital-downloads/library/download*",
      middlewares: [rateLimitByIp("download_ip")],
    },
    // The hosted forms refuse cross-site POSTs (CSRF: login into the attacker's
    // account, forced logout) before anything else runs; see utils/cross-site.ts.
    {
      matcher: "/digital-downloads/login",
      method: ["POST"],
      middlewares: [refuseCrossSite, rateLimitByIp("login_ip")],
    },
    {
      matcher: "/digital-downloads/logout",
      method: ["POST"],
      middlewares: [refuseCrossSite],
    },
    {
      // Medusa lets anonymous requests through /store; these are the customer's own files.
      matcher: "/store/digital-downloads",
      method: ["GET"],
      middlewares: [authenticate("customer", ["session", "bearer"])],
    },
    {
      matcher: "/store/digital-downloads/:id/link",
      method: ["POST"],
      middlewares: [authenticate("customer", ["session", "bearer"]), validateBody(StoreDownloadLinkBody)],
    },
    // The order confirmation (issue 16): anyone with the order id; the order's
    // logged-in customer also gets links, so a customer is read if there is one.
    {
      matcher: "/store/digital-downloads/orders/:order_id",
      method: ["GET"],
      middlewares: [
        validateParams(StoreOrderParams),
        validateQuery(StoreNoQuery),
        authenticate("customer", ["session", "bearer"], { allowUnauthenticated: true }),
      ],
    },
    {
      matcher: "/store/digital-downloads/orders/:order_id/resend",
      method: ["POST"],
      middlewares: [validateParams(StoreOrderParams), validateBody(StoreResendOrderEmail)],
    },
    {
      matcher: "/store/digital-downloads/products/:product_id",
      method: ["GET"],
      middlewares: [validateParams(StoreProductParams), validateQuery(StoreNoQuery)],
    },
  ],
})
