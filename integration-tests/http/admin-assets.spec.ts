import { httpSuite } from "../helpers/harness"

/** The admin API of assets and grants: lists and search, validation, deletion, authentication. */
httpSuite({}, (app) => {
  const { api, admin } = app

  /** Issues a grant for an order line the way deliver-order does (3 downloads unless `line` says), as the admin sees it. */
  const grantFor = (assetId: string, line: Record<string, unknown> = {}) =>
    app.grant(assetId, { order_id: "order_test", max_downloads: 3, ...line })
  const smallAsset = (content = "hello, reader\n", name = "notes.txt") => app.upload(content, name)

  it("lists, searches and filters assets and grants", async () => {
    const asset = await smallAsset("a", "searchable-guide.txt")
    await grantFor(asset.id, { email: "Carol@Example.com" })
    const assets = await api.get("/admin/digital-assets?q=searchable&limit=5", admin)
    expect(assets.data.count).toBe(1)
    expect(assets.data.digital_assets[0].id).toBe(asset.id)
    const byEmail = await api.get("/admin/download-grants?email=carol@example.com", admin)
    expect(byEmail.data.count).toBe(1)
    const byStatus = await api.get("/admin/download-grants?status=revoked", admin)
    expect(byStatus.data.count).toBe(0)
    expect(byStatus.data).toEqual(expect.objectContaining({ count_exact: true, next_cursor: null }))
    // Pages by cursor: each grant once, newest first, the total on every page.
    for (let i = 0; i < 4; i++) await grantFor(asset.id, { email: "pager@example.com" })
    const seen: string[] = []
    let url = "/admin/download-grants?email=pager@example.com&limit=3"
    for (;;) {
      const { data } = await api.get(url, admin)
      expect([data.count, data.count_exact]).toEqual([4, true])
      seen.push(...data.download_grants.map((g: { id: string }) => g.id))
      if (!data.next_cursor) break
      url = `/admin/download-grants?email=pager@example.com&limit=3&cursor=${encodeURIComponent(data.next_cursor)}`
    }
    const whole = (await api.get("/admin/download-grants?email=pager@example.com&limit=10", admin)).data.download_grants
    expect(seen).toEqual(whole.map((g: { id: string }) => g.id))
    expect(new Set(seen).size).toBe(4)
    const refused = await api.get("/admin/download-grants?cursor=abc&offset=3", admin).catch((e: any) => e.response)
    expect([refused.status, refused.data.message]).toEqual([400, expect.stringMatching(/cursor/)])
    const foreign = await api.get("/admin/digital-delivery/orders?cursor=abc", admin).catch((e: any) => e.response)
    expect([foreign.status, foreign.data.message]).toEqual([400, expect.stringMatching(/cursor/)])
    expect(JSON.stringify([assets.data, byEmail.data])).not.toMatch(/file_id|private-|secret/)
  })

  it("validates admin input and names the bad field", async () => {
    const bad = async (p: Promise<unknown>) => {
      try {
        await p
      } catch (e: any) {
        return e.response
      }
      throw new Error("expected a 400")
    }
    let res = await bad(api.post("/admin/digital-assets", { kind: "external_link", title: "x", external_url: "ftp://x" }, admin))
    expect(res.status).toBe(400)
    expect(res.data.message).toMatch(/external_url/)
    res = await bad(api.post("/admin/digital-assets", { kind: "external_link", external_url: "https://x.example" }, admin))
    expect(res.status).toBe(400)
    expect(res.data.message).toMatch(/title/)
    const asset = await smallAsset()
    const grant = await grantFor(asset.id)
    res = await bad(api.post(`/admin/download-grants/${grant.id}`, { max_downloads: -1 }, admin))
    expect(res.status).toBe(400)
    expect(res.data.message).toMatch(/max_downloads/)
    res = await bad(api.post(`/admin/download-grants/${grant.id}`, { download_count: 7 }, admin))
    expect(res.status).toBe(400)
    expect(res.data.message).toMatch(/download_count/)
    for (const downloads_used of [7, 0.5, "0", null]) {
      res = await bad(api.post(`/admin/download-grants/${grant.id}`, { downloads_used }, admin))
      expect([downloads_used, res.status]).toEqual([downloads_used, 400])
      expect(res.data.message).toMatch(/downloads_used/)
    }
    res = await bad(api.post(`/admin/download-grants/${grant.id}`, {}, admin))
    expect(res.status).toBe(400)
    expect(res.data.message).toMatch(/downloads_used \(or download_count\)/)
    res = await bad(api.get(`/admin/download-grants?status=lost`, admin))
    expect(res.status).toBe(400)
    expect(res.data.message).toMatch(/status/)
    res = await bad(api.post(`/admin/digital-assets/${asset.id}/variants`, { add: "variant" }, admin))
    expect(res.status).toBe(400)
    expect(res.data.message).toMatch(/add/)
    const noFile = await fetch(`${app.baseURL}/admin/digital-assets`, {
      method: "POST",
      headers: admin.headers,
      body: (() => {
        const f = new FormData()
        f.append("title", "x")
        return f
      })(),
    })
    expect(noFile.status).toBe(400)
    expect((await noFile.json()).message).toMatch(/file/)
  })

  it("refuses to delete an asset with live grants, deletes it once they are revoked", async () => {
    const asset = await smallAsset()
    const grant = await grantFor(asset.id)
    const refused = await api.delete(`/admin/digital-assets/${asset.id}`, admin).catch((e: any) => e.response)
    expect(refused.status).toBe(400)
    expect(refused.data.message).toMatch(/not revoked/)
    await api.post(`/admin/download-grants/${grant.id}/revoke`, {}, admin)
    const deleted = await api.delete(`/admin/digital-assets/${asset.id}`, admin)
    expect(deleted.data).toEqual({ id: asset.id, object: "digital_asset", deleted: true })
    expect((await api.get(`/admin/digital-assets/${asset.id}`, admin).catch((e: any) => e.response)).status).toBe(404)
  })

  it("keeps every admin route for admins", async () => {
    const routes: [string, string][] = [
      ["get", "/admin/digital-assets"],
      ["post", "/admin/digital-assets"],
      ["get", "/admin/digital-assets/dasset_x"],
      ["post", "/admin/digital-assets/dasset_x"],
      ["delete", "/admin/digital-assets/dasset_x"],
      ["post", "/admin/digital-assets/dasset_x/file"],
      ["post", "/admin/digital-assets/dasset_x/variants"],
      ["get", "/admin/download-grants"],
      ["get", "/admin/download-grants/dgrant_x"],
      ["post", "/admin/download-grants/dgrant_x"],
      ["delete", "/admin/download-grants/dgrant_x"],
      ["post", "/admin/download-grants/dgrant_x/revoke"],
      ["post", "/admin/download-grants/dgrant_x/regenerate-link"],
    ]
    for (const [method, url] of routes) {
      const res = await fetch(app.baseURL + url, { method: method.toUpperCase() })
      expect([method, url, res.status]).toEqual([method, url, 401])
    }
  })
})
