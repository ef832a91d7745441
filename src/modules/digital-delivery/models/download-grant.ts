import { model } from "@medusajs/framework/utils"

/**
 * The right of one order line to download one asset. Checked on every request,
 * so a merchant's change applies to links already sent.
 */
export const DownloadGrant = model
  .define("download_grant", {
    id: model.id({ prefix: "dgrant" }).primaryKey(),
    order_id: model.text(),
    line_item_id: model.text(),
    asset_id: model.text(),
    customer_id: model.text().nullable(),
    email: model.text().searchable().nullable(),
    enabled: model.boolean().default(true),
    revoked_at: model.dateTime().nullable(),
    expires_at: model.dateTime().nullable(),
    // null = unlimited
    max_downloads: model.number().nullable(),
    // Usage in copies: each request adds ceil(bytes sent × 10⁶ / file size) / 10⁶.
    downloads_used: model.bigNumber().default(0),
    // Copies reserved by requests in flight; given back (or charged) when they end.
    reserved: model.bigNumber().default(0),
    bytes_sent: model.bigNumber().default(0),
    // Part of every signed link: bumping it kills the links already sent.
    token_version: model.number().default(1),
    delivered_at: model.dateTime().nullable(),
    first_download_at: model.dateTime().nullable(),
    last_download_at: model.dateTime().nullable(),
    // Address of the last admitted download, and how often it changed: many
    // addresses for one link suggest the link was shared.
    last_ip: model.text().nullable(),
    ip_changes: model.number().default(0),
    // Set when the grant collected unusual refusals; shown as "suspicious".
    suspicious_at: model.dateTime().nullable(),
    // Last merchant alert about this grant: alerts are sent at most once an hour per grant.
    last_alert_at: model.dateTime().nullable(),
    metadata: model.json().nullable(),
  })
  .indexes([
    // Not partial on deleted_at: a deleted grant is never re-issued by a later delivery.
    { on: ["line_item_id", "asset_id"], unique: true, where: null },
    { on: ["order_id"] },
    { on: ["customer_id"] },
    { on: ["email"] },
    { on: ["asset_id"] },
    // The admin lists (utils/admin-list): newest first is read backwards from
    // (created_at, id); the rare states have their own small partial indexes.
    // No index may cover a column the download path changes on every request
    // (downloads_used, reserved, bytes_sent, last_download_at): its updates would
    // stop being HOT. ip_changes and suspicious_at change seldom.
    { on: ["created_at", "id"] },
    { name: "IDX_download_grant_revoked_created_at", on: ["created_at", "id"], where: "revoked_at IS NOT NULL" },
    { name: "IDX_download_grant_disabled_created_at", on: ["created_at", "id"], where: "NOT enabled" },
    { name: "IDX_download_grant_suspicious_order_id", on: ["order_id"], where: "(ip_changes >= 4 OR suspicious_at IS NOT NULL)" },
  ])
