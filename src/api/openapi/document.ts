import { z } from "@medusajs/framework/zod"
import * as admin from "./admin-validators"
import * as adminRes from "./admin-responses"
import * as res from "../store/digital-downloads/responses"
import * as store from "../store/digital-downloads/validators"
import * as licenses from "../digital-downloads/licenses/validators"
import * as licenseRes from "../digital-downloads/licenses/responses"

/**
 * The OpenAPI 3.1 document of the plugin's routes (openapi.json at the package
 * root), generated from the zod validators beside the routes and the response
 * schemas beside them (`responses.ts`) with zod's own JSON Schema output (JSON
 * Schema 2020-12, OpenAPI 3.1's dialect). `npm run openapi` writes it; a unit
 * test fails when the committed file is not what this builds or a route is not
 * in it, and the HTTP specs check every answer of the running app against it:
 * store-api.spec.ts the Store and public routes, openapi-admin.spec.ts the Admin
 * routes (every operation called, every documented status seen).
 *
 * Adding an Admin route (one line in ADMIN_ROUTES below):
 *   1. export the zod schema of its answer from a `responses.ts` beside the route
 *      (strict objects; shared pieces in src/api/admin/responses.ts), and list
 *      that file in ./admin-responses.ts if it is a new one;
 *   2. add `"/admin/things/{id}": { post: adminRoute("Does it", r.AdminThing, { params: idParam, body: admin.AdminThingBody, errors: [400, 404] }) }`:
 *      the schema's export name becomes its component's name; 401 is always
 *      documented, `errors` lists the other statuses the route answers
 *      (400, 404, 502), `status: 201` for a creation;
 *   3. `npm run openapi`, and call the operation in integration-tests/http/openapi-admin.spec.ts
 *      (that spec fails while a documented operation or status is never seen).
 */

type Schema = Record<string, unknown>
type Operation = Record<string, unknown>

const toSchema = (schema: z.ZodType, io: "input" | "output"): Schema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as Schema
  return rest
}

const components: Record<string, Schema> = {}
/** A named response schema under components.schemas, referenced by $ref. */
const named = (name: string, schema: z.ZodType) => {
  components[name] ??= toSchema(schema, "output")
  return { $ref: `#/components/schemas/${name}` }
}
const jsonBody = (schema: Schema, description: string) => ({ description, content: { "application/json": { schema } } })

/** A response schema named by its export name in ./admin-responses.ts, referenced by $ref. */
const r = adminRes
function ref(schema: z.ZodType) {
  const name = Object.entries(adminRes).find(([, value]) => value === schema)?.[0]
  if (!name) throw new Error("openapi: an Admin answer schema must be exported from a responses.ts listed in admin-responses.ts")
  return named(name, schema)
}

const ERROR = () => named("Error", res.MedusaErrorBody)
const DENIAL = () => named("Denial", res.StoreDenial)
const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [
      String(s),
      jsonBody(ERROR(), { 400: "invalid parameters (the message names the field)", 401: "not logged in", 404: "not found", 409: "conflict" }[s] ?? "error"),
    ])
  )
const denials = (statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [
      String(s),
      {
        description: `refused: ${{ 403: "disabled", 404: "not_found or release_not_found", 410: "expired, revoked or limit_reached", 412: "precondition_failed", 409: "unstampable (a stamped PDF that cannot be stamped, and the store refuses it unstamped)", 416: "range_not_satisfiable", 429: "too_many_requests (Retry-After)", 503: "storage_unavailable" }[s]}; JSON with Accept: application/json (X-Denial-Code says it on HEAD), a page in the buyer's language otherwise`,
        headers: { "X-Denial-Code": { schema: { type: "string" } } },
        content: { "application/json": { schema: DENIAL() }, "text/html": { schema: { type: "string" } } },
      },
    ])
  )

/** Path and query parameters from a strict zod object. */
function parameters(where: "path" | "query", schema: z.ZodType | undefined): Schema[] {
  if (!schema) return []
  const json = toSchema(schema, "input") as { properties?: Record<string, Schema>; required?: string[] }
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === "path" || (json.required ?? []).includes(name),
    schema: s,
  }))
}

type Route = {
  tags: string[]
  summary: string
  params?: z.ZodType
  query?: z.ZodType
  body?: z.ZodType
  /** a request body other than one JSON schema (multipart, or several media types) */
  requestBody?: Schema
  security?: Schema[]
  responses: Record<string, unknown>
}

function operation(route: Route): Operation {
  return {
    tags: route.tags,
    summary: route.summary,
    ...(route.security ? { security: route.security } : {}),
    parameters: [...parameters("path", route.params), ...parameters("query", route.query)],
    ...(route.body ? { requestBody: { required: true, content: { "application/json": { schema: toSchema(route.body, "input") } } } } : {}),
    ...(route.requestBody ? { requestBody: route.requestBody } : {}),
    responses: route.responses,
  }
}

const KEY = { publishable_key: [] }
const CUSTOMER = [{ publishable_key: [], customer_bearer: [] }, { publishable_key: [], customer_session: [] }]
const OPTIONAL_CUSTOMER = [...CUSTOMER, KEY]
const ADMIN = [{ admin_bearer: [] }, { admin_session: [] }, { admin_api_key: [] }]
const tokenParam = z.object({ token: z.string().describe("the signed token of the link") })
const idParam = z.object({ id: z.string() })
const releaseQuery = z.object({
  release: z
    .string()
    .regex(/^[1-9][0-9]{0,8}$/)
    .optional()
    .describe("an earlier release's version number; unknown, not kept or not a number: 404 release_not_found"),
})
const previewIdParam = z.object({ id: z.string().describe("the preview's id (dprev_…), from the Store API's previews") })
// The file's own type (application/pdf, …): any media type.
const file = (description: string) => ({ description, content: { "*/*": { schema: { type: "string", contentMediaType: "application/octet-stream" } } } })
const html = (description: string) => ({ description, content: { "text/html": { schema: { type: "string" } } } })

const STORE: Record<string, Record<string, Route>> = {
  "/store/digital-downloads": {
    get: {
      tags: ["Store"],
      summary: "The logged-in customer's downloads, newest first (listMyDownloads)",
      query: store.StoreGetDigitalDownloadsParams,
      security: CUSTOMER,
      responses: { 200: jsonBody(named("StoreDigitalDownloadList", res.StoreDigitalDownloadList), "the page"), ...errors(401) },
    },
  },
  "/store/digital-downloads/{id}/link": {
    post: {
      tags: ["Store"],
      summary: "A short-lived link to one of the customer's files, or to an earlier release the merchant keeps (createDownloadLink)",
      params: store.StoreGrantParams,
      body: store.StoreDownloadLinkBody,
      security: CUSTOMER,
      responses: {
        200: jsonBody(named("StoreDownloadLink", res.StoreDownloadLink), "the link"),
        ...errors(401, 404),
        400: jsonBody(ERROR(), "the file is not usable: 'This download is <expired|revoked|disabled|exhausted>: …', or an invalid `release`"),
      },
    },
  },
  "/store/digital-downloads/orders/{order_id}": {
    get: {
      tags: ["Store"],
      summary: "An order's digital goods for its confirmation page; links only for the order's logged-in customer (getOrderDownloads)",
      params: store.StoreOrderParams,
      query: store.StoreNoQuery,
      security: OPTIONAL_CUSTOMER,
      responses: { 200: jsonBody(named("StoreOrderDownloads", res.StoreOrderDownloads), "the order's state and files"), ...errors(400, 404) },
    },
  },
  "/store/digital-downloads/orders/{order_id}/resend": {
    post: {
      tags: ["Store"],
      summary: "Email me my links again: the delivery email to the order's own address; the same answer for any order (resendOrderEmail)",
      params: store.StoreOrderParams,
      body: store.StoreResendOrderEmail,
      security: [KEY],
      responses: {
        202: jsonBody(named("StoreResendAccepted", res.StoreResendAccepted), "accepted (whether or not an email is sent)"),
        ...errors(400),
        ...denials([429]),
      },
    },
  },
  "/store/digital-downloads/products/{product_id}": {
    get: {
      tags: ["Store"],
      summary: "A product's digital files before buying: formats, sizes, downloads and days per variant (getProductDigitalFacts)",
      params: store.StoreProductParams,
      query: store.StoreNoQuery,
      security: [KEY],
      responses: { 200: jsonBody(named("StoreProductDigitalFacts", res.StoreProductDigitalFacts), "the facts"), ...errors(400, 404) },
    },
  },
}

const PUBLIC: Record<string, Record<string, Route>> = {
  "/digital-downloads/{token}": {
    get: {
      tags: ["Public"],
      summary: "Downloads the file of an emailed or short-lived link (Range, If-Range; counts bytes sent); `release` serves an earlier release the merchant keeps, on the same grant; a stamped PDF is the grant's own copy (made at its first request)",
      params: tokenParam,
      query: releaseQuery,
      responses: { 200: file("the file"), 206: file("the requested range"), 302: { description: "external link or presigned URL" }, ...denials([403, 404, 409, 410, 412, 416, 429, 503]) },
    },
    head: {
      tags: ["Public"],
      summary: "The file's headers without a download (never counted; checkDownloadLink)",
      params: tokenParam,
      query: releaseQuery,
      responses: { 200: { description: "the file's headers" }, 302: { description: "external link or presigned URL" }, ...denials([403, 404, 409, 410, 429, 503]) },
    },
  },
  "/digital-downloads/previews/{id}": {
    get: {
      tags: ["Public"],
      summary: "A public preview of a product or a file (Range, If-Range, inline, Cache-Control: public with an ETag; If-None-Match → 304). Only previews: any other id is a 404",
      params: previewIdParam,
      responses: { 200: file("the preview"), 206: file("the requested range"), 304: { description: "not modified (If-None-Match / If-Modified-Since)" }, ...denials([404, 412, 416, 429, 503]) },
    },
    head: {
      tags: ["Public"],
      summary: "The preview's headers",
      params: previewIdParam,
      responses: { 200: { description: "the preview's headers" }, 304: { description: "not modified" }, ...denials([404, 429]) },
    },
  },
  "/digital-downloads/orders/{token}": {
    get: { tags: ["Public"], summary: "The guest order page (HTML)", params: tokenParam, responses: { 200: html("the page"), ...denials([404, 429]) } },
  },
  "/digital-downloads/orders/{token}/zip": {
    get: { tags: ["Public"], summary: "Every active file of the order in one ZIP", params: tokenParam, responses: { 200: { description: "the ZIP", content: { "application/zip": { schema: { type: "string" } } } }, ...denials([404, 410, 429, 503]) } },
    head: { tags: ["Public"], summary: "The ZIP's headers", params: tokenParam, responses: { 200: { description: "the ZIP's headers" }, ...denials([404, 410, 429]) } },
  },
  "/digital-downloads/library": {
    get: { tags: ["Public"], summary: "The hosted library of a logged-in customer (HTML; the login page otherwise)", responses: { 200: html("the page"), 302: { description: "to the login page" } } },
  },
  "/digital-downloads/library/download/{id}": {
    get: { tags: ["Public"], summary: "Downloads a library file (hosted session); `release`: an earlier release the merchant keeps", params: idParam, query: releaseQuery, responses: { 200: file("the file"), 206: file("the range"), 302: { description: "to the login page, or an external link" }, ...denials([403, 404, 410, 416, 429, 503]) } },
  },
  "/digital-downloads/login": {
    get: { tags: ["Public"], summary: "The hosted login form (HTML)", responses: { 200: html("the form") } },
    post: { tags: ["Public"], summary: "Logs in to the hosted library (form post, same-site only)", responses: { 302: { description: "to the library" }, 200: html("the form with an error"), ...denials([403, 429]) } },
  },
  "/digital-downloads/unsubscribe/{token}": {
    get: { tags: ["Public"], summary: "The unsubscribe page of an update email: a confirm button; changes nothing (link scanners open links)", params: tokenParam, responses: { 200: html("the page"), 404: html("not a valid link"), ...denials([429]) } },
    post: {
      tags: ["Public"],
      summary: "Unsubscribes the address from update emails: RFC 8058 one-click (body List-Unsubscribe=One-Click, form-encoded) or the page's button (confirm=1, same-site only)",
      params: tokenParam,
      responses: { 200: { description: "unsubscribed: JSON { unsubscribed: true } for one-click, the page for the button", content: { "application/json": { schema: { type: "object" } }, "text/html": { schema: { type: "string" } } } }, 404: html("not a valid link"), ...denials([403, 429]) },
    },
  },
  ...Object.fromEntries(
    (
      [
        ["activate", "Activates an installation of the merchant's software on a license key, within the key's activation limit (atomic)", licenses.LicenseActivationBody],
        ["deactivate", "Frees an installation's place on a license key", licenses.LicenseActivationBody],
        ["validate", "The key's state, limit and activations (result not_active when `instance` is not one of them)", licenses.LicenseValidationBody],
      ] as const
    ).map(([action, summary, body]) => [
      `/digital-downloads/licenses/${action}`,
      {
        post: {
          tags: ["Public"],
          summary: `${summary}; the answer is signed (Ed25519), rate limited per key and per address`,
          body,
          responses: {
            200: jsonBody(named("LicenseAnswer", licenseRes.LicenseAnswer), "the signed answer"),
            ...(action === "activate" ? { 409: jsonBody(named("LicenseAnswer", licenseRes.LicenseAnswer), "the activation limit is reached (signed)") } : {}),
            410: jsonBody(named("LicenseAnswer", licenseRes.LicenseAnswer), "the key is revoked (refund, cancellation, the merchant; signed)"),
            404: jsonBody(named("LicenseNotFound", licenseRes.LicenseNotFound), "not a valid key (reveals nothing more)"),
            ...errors(400),
            ...denials([429]),
          },
        },
      },
    ])
  ),
  "/digital-downloads/logout": {
    post: { tags: ["Public"], summary: "Logs out of the hosted library (same-site only)", responses: { 302: { description: "to the login page" }, ...denials([403]) } },
  },
}

const ADMIN_ERRORS: Record<number, [z.ZodType, string]> = {
  400: [r.AdminInvalidRequest, "invalid input (the message names the field; a refused body lists each in errors), or not allowed in this state"],
  401: [r.AdminUnauthorized, "not logged in as an admin"],
  404: [r.AdminNotFound, "not found"],
  502: [r.AdminEmailFailed, "the email provider failed (what was done stays done)"],
}

/**
 * One Admin operation: its summary, the schema of its answer (an export of a
 * responses.ts, see the top of this file), and its inputs and other statuses.
 */
function adminRoute(
  summary: string,
  answer: z.ZodType,
  extra: Omit<Partial<Route>, "responses" | "summary"> & {
    status?: 200 | 201
    /** other success statuses with the same answer, and what each means */
    also?: Partial<Record<200 | 201, string>>
    errors?: (400 | 404 | 502)[]
    description?: string
  } = {}
): Route {
  const { status = 200, also = {}, errors: statuses = [], description = "the answer", ...route } = extra
  return {
    tags: ["Admin"],
    summary,
    security: ADMIN,
    ...route,
    responses: {
      [status]: jsonBody(ref(answer), description),
      ...Object.fromEntries(Object.entries(also).map(([code, what]) => [code, jsonBody(ref(answer), what)])),
      ...Object.fromEntries(
        [...statuses, 401].sort().map((code) => [String(code), jsonBody(ref(ADMIN_ERRORS[code][0]), ADMIN_ERRORS[code][1])])
      ),
    },
  }
}

/** A multipart body: the `file` part and text fields (what a zod object of strings says). */
const multipart = (fields: z.ZodType, description: string) => {
  const json = toSchema(fields, "input") as { properties?: Record<string, Schema> }
  return {
    schema: {
      type: "object",
      description,
      properties: { file: { type: "string", contentMediaType: "application/octet-stream", description: "the file's bytes (streamed to private storage)" }, ...json.properties },
      required: ["file"],
    },
  }
}

const ADMIN_ROUTES: Record<string, Record<string, Route>> = {
  "/admin/digital-assets": {
    get: adminRoute("Lists digital assets (q searches titles and file names)", r.AdminDigitalAssetList, { query: admin.AdminGetDigitalAssetsParams, errors: [400] }),
    post: adminRoute("Uploads a file (multipart/form-data) or creates an external link (JSON)", r.AdminDigitalAssetResponse, {
      status: 201,
      description: "the created asset",
      requestBody: {
        required: true,
        content: {
          "multipart/form-data": multipart(admin.AdminCreateFileAssetFields, "a file"),
          "application/json": { schema: toSchema(admin.AdminCreateExternalAsset, "input") },
        },
      },
      errors: [400],
    }),
  },
  "/admin/digital-assets/{id}": {
    get: adminRoute("Retrieves a digital asset", r.AdminDigitalAssetResponse, { params: idParam, errors: [404] }),
    post: adminRoute("Renames the customer-facing file (links keep working) or changes the asset's overrides", r.AdminDigitalAssetResponse, {
      params: idParam,
      body: admin.AdminUpdateDigitalAsset,
      errors: [400, 404],
    }),
    delete: adminRoute("Deletes a digital asset (refused while grants use it)", r.AdminDigitalAssetDeleted, { params: idParam, errors: [400] }),
  },
  "/admin/digital-assets/{id}/file": {
    post: adminRoute("Publishes a new release: replaces the asset's file (multipart); links already sent serve it; emits digital_delivery.release_published", r.AdminDigitalAssetResponse, {
      params: idParam,
      requestBody: { required: true, content: { "multipart/form-data": multipart(admin.AdminReplaceFileFields, "the new file and the release's label, notes, notify and extra downloads") } },
      errors: [400, 404],
    }),
  },
  "/admin/digital-assets/{id}/variants": {
    post: adminRoute("Attaches the asset to variants (add) and detaches it from others (remove)", r.AdminDigitalAssetResponse, {
      params: idParam,
      body: admin.AdminLinkAssetVariants,
      errors: [400, 404],
    }),
  },
  "/admin/download-grants": {
    get: adminRoute("Lists grants: filters, search, sort, pages by cursor or offset", r.AdminDownloadGrantList, { query: admin.AdminGetDownloadGrantsParams, errors: [400] }),
  },
  "/admin/digital-assets/{id}/previews": {
    post: adminRoute("Makes a preview of a PDF (first pages) or WAV (first seconds) asset, cut in a worker", r.AdminDigitalPreviewResponse, {
      status: 201,
      description: "the created preview",
      params: idParam,
      body: admin.AdminGenerateDigitalPreview,
      errors: [400, 404],
    }),
  },
  "/admin/digital-previews": {
    get: adminRoute("Lists a product's and/or assets' previews, each owner's in order", r.AdminDigitalPreviewList, { query: admin.AdminGetDigitalPreviewsParams, errors: [400] }),
    post: adminRoute("Uploads a preview of a product or of one of its files", r.AdminDigitalPreviewResponse, {
      status: 201,
      description: "the created preview",
      requestBody: { required: true, content: { "multipart/form-data": multipart(admin.AdminCreateDigitalPreviewFields, "the preview and its owner (product_id or asset_id)") } },
      errors: [400, 404],
    }),
  },
  "/admin/digital-previews/{id}": {
    get: adminRoute("Retrieves a preview", r.AdminDigitalPreviewResponse, { params: idParam, errors: [404] }),
    post: adminRoute("Renames a preview or moves it among its owner's previews", r.AdminDigitalPreviewResponse, {
      params: idParam,
      body: admin.AdminUpdateDigitalPreview,
      errors: [400, 404],
    }),
    delete: adminRoute("Deletes a preview and its stored file", r.AdminDigitalPreviewDeleted, { params: idParam, errors: [404] }),
  },
  "/admin/digital-assets/{id}/update-campaigns": {
    post: adminRoute("Starts the update campaign of a release to the asset's past buyers, or sets it sending again with the buyers it lacks", r.AdminUpdateCampaignStarted, {
      status: 201,
      description: "the new campaign",
      also: { 200: "the release's existing campaign, sending again" },
      params: idParam,
      body: admin.AdminStartUpdateCampaign,
      errors: [400, 404],
    }),
  },
  "/admin/digital-assets/{id}/update-audience": {
    get: adminRoute("How many emails an update campaign of the asset would send now", r.AdminUpdateAudience, {
      params: idParam,
      query: admin.AdminGetUpdateAudienceParams,
      errors: [400, 404],
    }),
  },
  "/admin/digital-delivery/update-campaigns": {
    get: adminRoute("Update campaigns with their counts, newest first", r.AdminUpdateCampaignList, { query: admin.AdminGetUpdateCampaignsParams, errors: [400] }),
  },
  "/admin/digital-delivery/update-campaigns/{id}": {
    get: adminRoute("An update campaign with its counts", r.AdminUpdateCampaignResponse, { params: idParam, errors: [404] }),
    post: adminRoute("Pauses, resumes, cancels a campaign or retries its failed emails (400 when its status does not allow it)", r.AdminUpdateCampaignResponse, {
      params: idParam,
      body: admin.AdminUpdateCampaignAction,
      errors: [400, 404],
    }),
  },
  "/admin/digital-delivery/update-campaigns/{id}/recipients": {
    get: adminRoute("A campaign's recipients, oldest first (status=failed: with the last error)", r.AdminCampaignRecipientList, {
      params: idParam,
      query: admin.AdminGetCampaignRecipientsParams,
      errors: [400, 404],
    }),
  },
  "/admin/download-grants/{id}": {
    get: adminRoute("Retrieves a grant with its link and its last 50 download attempts", r.AdminDownloadGrantResponse, { params: idParam, errors: [404] }),
    post: adminRoute("Enables/disables, resets the usage, changes the limit or expiry", r.AdminDownloadGrantResponse, {
      params: idParam,
      body: admin.AdminUpdateDownloadGrant,
      errors: [400, 404],
    }),
    delete: adminRoute("Deletes a grant", r.AdminDownloadGrantDeleted, { params: idParam, errors: [404] }),
  },
  "/admin/download-grants/{id}/history": {
    get: adminRoute("The grant's downloads and the actions taken on it, newest first, by cursor", r.AdminGrantHistory, {
      params: idParam,
      query: admin.AdminGetGrantHistoryParams,
      errors: [400, 404],
    }),
  },
  "/admin/download-grants/{id}/revoke": { post: adminRoute("Revokes a grant: its links answer 410", r.AdminDownloadGrantResponse, { params: idParam, errors: [404] }) },
  "/admin/download-grants/{id}/regenerate-link": {
    post: adminRoute("Kills the grant's links and makes a new one", r.AdminDownloadGrantResponse, { params: idParam, errors: [404] }),
  },
  "/admin/orders/{id}/license-keys": {
    get: adminRoute("The order's license keys, masked", r.AdminLicenseKeyList, { params: idParam, errors: [404] }),
  },
  "/admin/license-keys/{id}/reveal": {
    post: adminRoute("The key in clear (written in the grant's history)", r.AdminLicenseKeyRevealed, { params: idParam, errors: [400, 404] }),
  },
  "/admin/license-keys/{id}/revoke": {
    post: adminRoute("Revokes a key: the activation API answers 410 for it", r.AdminLicenseKeyResponse, { params: idParam, errors: [404] }),
  },
  "/admin/license-keys/{id}/replace": {
    post: adminRoute("Revokes a key and issues its unit a new one", r.AdminLicenseKeyReplaced, { params: idParam, errors: [400, 404] }),
  },
  "/admin/digital-delivery/variants/{id}/license-keys": {
    get: adminRoute("A variant's license key source, pattern, limits and pool counts", r.AdminLicenseConfigResponse, { params: idParam, errors: [404] }),
    post: adminRoute("Sets a variant's license key source, pattern, activation limit and low-pool threshold", r.AdminLicenseConfigResponse, {
      params: idParam,
      body: admin.AdminUpdateLicenseConfig,
      errors: [400, 404],
    }),
  },
  "/admin/digital-delivery/variants/{id}/license-keys/pool": {
    post: adminRoute("Adds keys to the variant's pool (one per line or CSV; duplicates refuse the upload, naming their lines)", r.AdminLicensePoolUploaded, {
      params: idParam,
      body: admin.AdminUploadLicensePool,
      errors: [400, 404],
    }),
  },
  "/admin/digital-delivery/license-keys/public-key": {
    get: adminRoute("The Ed25519 public key that verifies the activation API's answers, with a Node.js example", r.AdminLicensePublicKey),
  },
  "/admin/digital-delivery/settings": {
    get: adminRoute("The store's delivery settings, with the placeholders and default templates the editor needs", r.AdminDeliverySettingsResponse),
    post: adminRoute("Updates the settings (unknown placeholders are refused, naming them)", r.AdminDeliverySettingsResponse, {
      body: admin.AdminUpdateDeliverySettings,
      errors: [400],
    }),
  },
  "/admin/digital-delivery/settings/preview": {
    post: adminRoute("Renders the delivery email (saved or draft template) for a real or a sample order", r.AdminDeliveryEmailPreview, {
      body: admin.AdminPreviewDeliveryEmail,
      errors: [400, 404],
    }),
  },
  "/admin/digital-delivery/settings/send-test": {
    post: adminRoute("Sends the sample delivery email, subject prefixed [TEST]", r.AdminTestEmailSent, { body: admin.AdminSendTestDeliveryEmail, errors: [400, 502] }),
  },
  "/admin/digital-delivery/variants/{id}": {
    get: adminRoute("A variant's files and links, and whether its lines need shipping", r.AdminVariantDigital, { params: idParam, errors: [404] }),
  },
  "/admin/digital-delivery/variants/{id}/shipping": {
    post: adminRoute("Whether the variant's lines need a shipping method", r.AdminVariantShippingResult, { params: idParam, body: admin.AdminVariantShipping, errors: [400] }),
  },
  "/admin/digital-delivery/orders": {
    get: adminRoute("The Digital deliveries list: every order with digital goods, newest first", r.AdminDigitalOrderList, {
      query: admin.AdminGetDigitalOrdersParams,
      errors: [400],
    }),
  },
  "/admin/digital-delivery/orders/batch": {
    post: adminRoute("Bulk enable, disable, revoke or extend the selected orders' grants", r.AdminBatchResult, { body: admin.AdminBatchDigitalOrders, errors: [400] }),
  },
  "/admin/orders/{id}/digital-delivery": {
    get: adminRoute("An order's grants, delivery emails and order page link", r.AdminOrderDelivery, { params: idParam }),
    post: adminRoute("Deliver now, whatever the payment (bank transfer, cheque…)", r.AdminOrderDelivered, { params: idParam, errors: [404] }),
  },
  "/admin/orders/{id}/digital-delivery/resend": {
    post: adminRoute("Sends the delivery email again with the current links", r.AdminOrderEmailResent, { params: idParam, errors: [400, 404, 502] }),
  },
  "/admin/orders/{id}/digital-delivery/regenerate-links": {
    post: adminRoute("New links for the whole order (page, ZIP, files); optionally emails them", r.AdminOrderLinksRegenerated, {
      params: idParam,
      body: admin.AdminRegenerateOrderLinks,
      errors: [400, 404],
    }),
  },
}

export function buildOpenApiDocument(version: string) {
  const paths: Record<string, Record<string, Operation>> = {}
  for (const group of [STORE, PUBLIC, ADMIN_ROUTES]) {
    for (const [path, methods] of Object.entries(group)) {
      paths[path] = Object.fromEntries(Object.entries(methods).map(([m, r]) => [m, operation(r)]))
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "medusa-plugin-digital-delivery",
      version,
      description:
        "The Store API (needs the x-publishable-api-key header), the public download links and hosted pages (/digital-downloads, no key), and the Admin API of the digital delivery plugin for Medusa v2. Every JSON answer is described field by field, errors included.",
    },
    servers: [{ url: "http://localhost:9000", description: "your Medusa backend" }],
    tags: [
      { name: "Store", description: "for storefronts; the typed client medusa-plugin-digital-delivery/client calls these" },
      { name: "Public", description: "links in emails and the hosted pages" },
      { name: "Admin", description: "the back office" },
    ],
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: {
        publishable_key: { type: "apiKey", in: "header", name: "x-publishable-api-key" },
        customer_bearer: { type: "http", scheme: "bearer", description: "a customer's token (POST /auth/customer/emailpass)" },
        customer_session: { type: "apiKey", in: "cookie", name: "connect.sid" },
        admin_bearer: { type: "http", scheme: "bearer" },
        admin_session: { type: "apiKey", in: "cookie", name: "connect.sid" },
        admin_api_key: { type: "http", scheme: "basic", description: "a secret API key as the user name" },
      },
    },
  }
}
