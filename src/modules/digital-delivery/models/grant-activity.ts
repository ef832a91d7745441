import { model } from "@medusajs/framework/utils"

/**
 * One thing that happened to a grant besides a download: a merchant's action
 * in the Admin (enable/disable, usage reset, limit or expiry change, new link,
 * revocation, email resent, delivery by hand) or the plugin's own (issued on
 * payment or by the reconcile job, revoked on refund, delivery email sent).
 * Written in the same transaction as the change it records (or, for emails
 * and issued grants, by a step whose compensation removes it), so a failed
 * action leaves none. Kept apart from download_event, which the download's
 * hot path writes in batches: these are rare and carry who did it.
 */
export const GrantActivity = model
  .define("grant_activity", {
    id: model.id({ prefix: "gract" }).primaryKey(),
    grant_id: model.text(),
    order_id: model.text().nullable(),
    // enabled | disabled | usage_reset | limit_changed | expiry_changed | link_regenerated | revoked | email_sent | issued
    // | license_key_revealed | license_key_revoked | license_key_replaced (details: { license_key_id })
    action: model.text(),
    // user (an Admin user) | api-key (a secret API key) | system (the plugin: payment, refund, reconcile job)
    actor_type: model.text(),
    actor_id: model.text().nullable(),
    // The user's email when the action was taken (kept if the user is deleted later).
    actor_email: model.text().nullable(),
    // { from, to } for changed values (limit, expiry, usage, enabled)
    change: model.json().nullable(),
    // What else tells the story: { reason }, { scope: "order" }, { status, kind } of an email
    details: model.json().nullable(),
  })
  .indexes([{ on: ["grant_id", "created_at"] }])
