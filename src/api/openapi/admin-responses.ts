// The Admin routes' response schemas (a responses.ts beside each route folder),
// gathered for the OpenAPI document: each schema's export name here is its name
// under components.schemas. A new route's answer: export its zod schema from a
// responses.ts beside the route and add that file below (see document.ts).
export * from "../admin/responses"
export * from "../admin/digital-assets/responses"
export * from "../admin/digital-delivery/responses"
export * from "../admin/download-grants/responses"
export * from "../admin/orders/[id]/digital-delivery/responses"
export * from "../admin/digital-previews/responses"
export * from "../admin/digital-delivery/update-campaigns/responses"
export * from "../admin/license-keys/responses"
