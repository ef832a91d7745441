import { model } from "@medusajs/framework/utils"

/** The store's delivery settings: a single row, created from the plugin options on first read. */
export const DeliverySettings = model.define("delivery_settings", {
  id: model.id({ prefix: "ddset" }).primaryKey(),
  default_max_downloads: model.number().nullable(),
  default_validity_days: model.number().nullable(),
  delivery_trigger: model.enum(["captured", "authorized", "manual"]).default("captured"),
  revoke_on_refund: model.boolean().default(true),
  // Registered customers: "login" (the email links their library, no secret) or "direct" (signed links, like guests).
  registered_links: model.enum(["login", "direct"]).default("login"),
  alert_email: model.text().nullable(),
  storefront_url: model.text().nullable(),
  // The store on the buyer's hosted pages: a name overriding the Store module's, a
  // logo (https URL), an accent colour (#rrggbb), and a support contact (email or
  // https URL) the refusal pages offer. All optional.
  store_name: model.text().nullable(),
  logo_url: model.text().nullable(),
  accent_color: model.text().nullable(),
  support_contact: model.text().nullable(),
  // Update emails to past buyers (issue 17): also to buyers whose links expired,
  // and at most this many emails a minute across every campaign (null = no limit).
  update_include_expired: model.boolean().default(false),
  update_emails_per_minute: model.number().default(120).nullable(),
  // A stamped PDF that cannot be stamped (encrypted, damaged): serve the file
  // unstamped, or refuse the download; the merchant is alerted either way.
  unstampable_pdf: model.enum(["serve_unstamped", "refuse"]).default("serve_unstamped"),
  templates: model.json().nullable(),
  metadata: model.json().nullable(),
})
