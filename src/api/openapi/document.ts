import { z } from "@medusajs/framework/zod"
import * as admin from "./admin-validators"
import * as res from "../store/digital-downloads/responses"
import * as store from "../store/digital-downloads/validators"

/**
 * The OpenAPI 3.1 document of the plugin's routes (openapi.json at the package
 * root), generated from the zod validators beside the routes and the Store
 * API's response schemas with zod's own JSON Schema output (JSON Schema
 * 2020-12, OpenAPI 3.1's dialect). `npm run openapi` writes it; a unit test
 * fails when the committed file is not what this builds, and the HTTP spec
 * store-api.spec.ts checks every Store and public route's answers against it.
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
        description: `refused: ${{ 403: "disabled", 404: "not_found", 410: "expired, revoked or limit_reached", 412: "precondition_failed", 416: "range_not_satisfiable", 429: "too_many_requests (Retry-After)", 503: "storage_unavailable" }[s]}; JSON with Accept: application/json (X-Denial-Code says it on HEAD), a page in the buyer's language otherwise`,
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
    responses: route.responses,
  }
}

const KEY = { publishable_key: [] }
const CUSTOMER = [{ publishable_key: [], customer_bearer: [] }, { publishable_key: [], customer_session: [] }]
const OPTIONAL_CUSTOMER = [...CUSTOMER, KEY]
const ADMIN = [{ admin_bearer: [] }, { admin_session: [] }, { admin_api_key: [] }]
const tokenParam = z.object({ token: z.string().describe("the signed token of the link") })
const idParam = z.object({ id: z.string() })
const anyJson = (description: string) => jsonBody({ type: "object" }, description)
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
      summary: "A short-lived link to one of the customer's files (createDownloadLink)",
      params: store.StoreGrantParams,
      security: CUSTOMER,
      responses: {
        200: jsonBody(named("StoreDownloadLink", res.StoreDownloadLink), "the link"),
        ...errors(401, 404),
        400: jsonBody(ERROR(), "the file is not usable: 'This download is <expired|revoked|disabled|exhausted>: …'"),
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
      summary: "Downloads the file of an emailed or short-lived link (Range, If-Range; counts bytes sent)",
      params: tokenParam,
      responses: { 200: file("the file"), 206: file("the requested range"), 302: { description: "external link or presigned URL" }, ...denials([403, 404, 410, 412, 416, 429, 503]) },
    },
    head: {
      tags: ["Public"],
      summary: "The file's headers without a download (never counted; checkDownloadLink)",
      params: tokenParam,
      responses: { 200: { description: "the file's headers" }, 302: { description: "external link or presigned URL" }, ...denials([403, 404, 410, 429, 503]) },
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
    get: { tags: ["Public"], summary: "Downloads a library file (hosted session)", params: idParam, responses: { 200: file("the file"), 206: file("the range"), 302: { description: "to the login page, or an external link" }, ...denials([403, 404, 410, 416, 429, 503]) } },
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
  "/digital-downloads/logout": {
    post: { tags: ["Public"], summary: "Logs out of the hosted library (same-site only)", responses: { 302: { description: "to the login page" }, ...denials([403]) } },
  },
}

const adminRoute = (summary: string, extra: Partial<Route> = {}): Route => ({
  tags: ["Admin"],
  summary,
  security: ADMIN,
  responses: { 200: anyJson("the resource (see the Admin hooks in src/admin/hooks/api)"), ...errors(400, 401, 404) },
  ...extra,
})

const ADMIN_ROUTES: Record<string, Record<string, Route>> = {
  "/admin/digital-assets": {
    get: adminRoute("Lists digital assets", { query: admin.AdminGetDigitalAssetsParams }),
    post: adminRoute("Uploads a file (multipart/form-data: file, title, max_downloads, validity_days) or creates an external link", {
      responses: { 201: anyJson("the created digital_asset"), ...errors(400, 401) },
    }),
  },
  "/admin/digital-assets/{id}": {
    get: adminRoute("Retrieves a digital asset", { params: idParam }),
    post: adminRoute("Updates a digital asset", { params: idParam, body: admin.AdminUpdateDigitalAsset }),
    delete: adminRoute("Deletes a digital asset (refused while grants use it)", { params: idParam }),
  },
  "/admin/digital-assets/{id}/file": { post: adminRoute("Replaces the asset's file (multipart): a new version", { params: idParam }) },
  "/admin/digital-assets/{id}/update-campaigns": {
    post: adminRoute("Starts (or resumes) the update campaign of a release to the asset's past buyers", {
      params: idParam,
      body: admin.AdminStartUpdateCampaign,
      responses: { 201: anyJson("the new update_campaign"), 200: anyJson("the release's existing update_campaign, sending again"), ...errors(400, 401, 404) },
    }),
  },
  "/admin/digital-assets/{id}/update-audience": {
    get: adminRoute("How many emails an update campaign of the asset would send now: { recipients }", { params: idParam, query: admin.AdminGetUpdateAudienceParams }),
  },
  "/admin/digital-delivery/update-campaigns": { get: adminRoute("Update campaigns with their counts, newest first", { query: admin.AdminGetUpdateCampaignsParams }) },
  "/admin/digital-delivery/update-campaigns/{id}": {
    get: adminRoute("An update campaign with its counts", { params: idParam }),
    post: adminRoute("Pauses, resumes, cancels a campaign or retries its failed emails", { params: idParam, body: admin.AdminUpdateCampaignAction }),
  },
  "/admin/digital-delivery/update-campaigns/{id}/recipients": {
    get: adminRoute("A campaign's recipients (status=failed: with the last error)", { params: idParam, query: admin.AdminGetCampaignRecipientsParams }),
  },
  "/admin/digital-assets/{id}/variants": { post: adminRoute("Attaches or detaches variants", { params: idParam, body: admin.AdminLinkAssetVariants }) },
  "/admin/download-grants": { get: adminRoute("Lists grants", { query: admin.AdminGetDownloadGrantsParams }) },
  "/admin/download-grants/{id}": {
    get: adminRoute("Retrieves a grant", { params: idParam }),
    post: adminRoute("Enables/disables, resets, changes the limit or expiry", { params: idParam, body: admin.AdminUpdateDownloadGrant }),
    delete: adminRoute("Deletes a grant", { params: idParam }),
  },
  "/admin/download-grants/{id}/history": {
    get: adminRoute("The grant's downloads and the actions taken on it, newest first, by cursor", { params: idParam, query: admin.AdminGetGrantHistoryParams }),
  },
  "/admin/download-grants/{id}/revoke": { post: adminRoute("Revokes a grant", { params: idParam }) },
  "/admin/download-grants/{id}/regenerate-link": { post: adminRoute("Kills the grant's links and makes a new one", { params: idParam }) },
  "/admin/digital-delivery/settings": {
    get: adminRoute("The store's delivery settings"),
    post: adminRoute("Updates the settings", { body: admin.AdminUpdateDeliverySettings }),
  },
  "/admin/digital-delivery/settings/preview": { post: adminRoute("Renders the delivery email", { body: admin.AdminPreviewDeliveryEmail }) },
  "/admin/digital-delivery/settings/send-test": { post: adminRoute("Sends a test delivery email", { body: admin.AdminSendTestDeliveryEmail }) },
  "/admin/digital-delivery/variants/{id}": { get: adminRoute("A variant's assets and shipping", { params: idParam }) },
  "/admin/digital-delivery/variants/{id}/shipping": { post: adminRoute("Whether the variant requires shipping", { params: idParam, body: admin.AdminVariantShipping }) },
  "/admin/digital-delivery/orders": { get: adminRoute("The Digital deliveries list", { query: admin.AdminGetDigitalOrdersParams }) },
  "/admin/digital-delivery/orders/batch": { post: adminRoute("Bulk actions on orders' grants", { body: admin.AdminBatchDigitalOrders }) },
  "/admin/orders/{id}/digital-delivery": {
    get: adminRoute("An order's grants and delivery emails", { params: idParam }),
    post: adminRoute("Deliver now (whatever the payment)", { params: idParam }),
  },
  "/admin/orders/{id}/digital-delivery/resend": { post: adminRoute("Resends the delivery email", { params: idParam }) },
  "/admin/orders/{id}/digital-delivery/regenerate-links": { post: adminRoute("Regenerates the order's links", { params: idParam, body: admin.AdminRegenerateOrderLinks }) },
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
        "The Store API (needs the x-publishable-api-key header), the public download links and hosted pages (/digital-downloads, no key), and the Admin API of the digital delivery plugin for Medusa v2. Store answers are described field by field; Admin answers are JSON objects (see the Admin's hooks).",
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
