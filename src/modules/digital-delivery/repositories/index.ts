/**
 * The module's raw SQL, one class per table it writes or lists beyond
 * MedusaService's CRUD. Medusa's loader registers every class exported from a
 * file here in the module's container, and a class named `<Model>Repository`
 * would replace that model's CRUD repository: hence the `SqlRepository`
 * suffix. The service makes one of each (they share its DeadlineConnections)
 * instead of resolving them, so the download's hot path goes through no
 * proxy of a container-made repository.
 */
export * from "./delivery-settings"
export * from "./digital-order"
export * from "./download-event"
export * from "./download-grant"
export * from "./paged-lists"
export * from "./grant-activity"
export * from "./asset-release"
export * from "./digital-preview"
export * from "./update-campaign"
export * from "./license-key"
