import {
  defineMiddlewares,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import {
  AdminGetDigitalAssetsParams,
  AdminLinkAssetVariants,
  AdminUpdateDigitalAsset,
} from "./admin/digital-assets/validators"
import {
  AdminGetDownloadGrantsParams,
  AdminUpdateDownloadGrant,
} from "./admin/download-grants/validators"
import { validateQuery } from "./utils/validate-query"

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
      middlewares: [validateAndTransformBody(AdminUpdateDigitalAsset)],
    },
    {
      matcher: "/admin/digital-assets/:id/variants",
      method: ["POST"],
      middlewares: [validateAndTransformBody(AdminLinkAssetVariants)],
    },
    {
      matcher: "/admin/download-grants",
      method: ["GET"],
      middlewares: [validateQuery(AdminGetDownloadGrantsParams)],
    },
    {
      matcher: "/admin/download-grants/:id",
      method: ["POST"],
      middlewares: [validateAndTransformBody(AdminUpdateDownloadGrant)],
    },
  ],
})
