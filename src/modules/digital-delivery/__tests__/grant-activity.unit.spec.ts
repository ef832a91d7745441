import { activityRow, changeActivities } from "../utils/grant-activity"

const admin = { type: "user" as const, id: "user_1", email: "admin@example.com" }
const grant = {
  id: "dlgr_1",
  order_id: "order_1",
  enabled: true,
  max_downloads: 5,
  downloads_used: "1.25",
  expires_at: new Date("2030-01-01T00:00:00Z"),
  revoked_at: null,
}

describe("changeActivities: what an update leaves in a grant's history", () => {
  it("one entry per value touched, with before → after", () => {
    const entries = changeActivities(
      [grant],
      [{ id: "dlgr_1", enabled: false, max_downloads: null, downloads_used: 0, expires_at: new Date("2031-01-01T00:00:00Z") }],
      admin
    )
    expect(entries.map((e) => [e.action, e.change])).toEqual([
      ["disabled", { from: true, to: false }],
      ["usage_reset", { from: 1.25, to: 0 }],
      ["limit_changed", { from: 5, to: null }],
      ["expiry_changed", { from: "2030-01-01T00:00:00.000Z", to: "2031-01-01T00:00:00.000Z" }],
    ])
    expect(entries.every((e) => e.actor === admin && e.order_id === "order_1" && e.grant_id === "dlgr_1")).toBe(true)
  })

  it("a revocation and an expiry removed; unknown grants leave nothing", () => {
    const entries = changeActivities([grant], [{ id: "dlgr_1", revoked_at: new Date() }, { id: "dlgr_unknown", enabled: true }], { type: "system" }, { reason: "refund" })
    expect(entries).toEqual([expect.objectContaining({ action: "revoked", change: null, details: { reason: "refund" } })])
    expect(changeActivities([grant], [{ id: "dlgr_1", expires_at: null }], admin)[0].change).toEqual({ from: "2030-01-01T00:00:00.000Z", to: null })
  })

  it("the row spreads the actor: a user's email, an API key's id, nothing for the system", () => {
    const base = { grant_id: "dlgr_1", action: "enabled" as const }
    expect(activityRow({ ...base, actor: admin })).toEqual(expect.objectContaining({ actor_type: "user", actor_id: "user_1", actor_email: "admin@example.com" }))
    expect(activityRow({ ...base, actor: { type: "api-key", id: "apk_1" } })).toEqual(expect.objectContaining({ actor_type: "api-key", actor_id: "apk_1", actor_email: null }))
    expect(activityRow({ ...base, actor: { type: "system" } })).toEqual(expect.objectContaining({ actor_type: "system", actor_id: null, actor_email: null }))
  })
})
