// The Admin API of the plugin, one React Query hook per call (like Medusa's draft-order
// plugin: hooks/api/<resource>); query keys and cache invalidation in keys.ts.
export * from "./assets"
export * from "./digital-orders"
export * from "./grants"
export { ddKeys } from "./keys"
export * from "./settings"
export * from "./campaigns"
export * from "./license-keys"
